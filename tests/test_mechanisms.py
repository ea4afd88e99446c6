"""Mechanism-direction tests: each compares runs over several seeds, paired by seed.

The assertion is that the 95 % confidence interval of the mean paired difference lies on the
predicted side of zero.
"""

from conftest import paired_ci, summaries

SEEDS = 8
KW = dict(n_pupils=600, n_schools=3)


def test_higher_baseline_absence_gives_higher_share_over_10():
    a = summaries(SEEDS, baseline_absence=0.06, **KW)
    b = summaries(SEEDS, baseline_absence=0.12, **KW)
    mean, low, high = paired_ci(a, b, "share_over_10")
    assert low > 0, (mean, low, high)


def test_lower_thresholds_give_earlier_action():
    a = summaries(SEEDS, **KW)  # 10 / 15 %
    b = summaries(SEEDS, ladder_thresholds=[0.05, 0.08], **KW)
    mean, low, high = paired_ci(a, b, "mean_absence_at_intervention")
    assert high < 0, (mean, low, high)  # acted on at lower absence


def test_higher_registration_compliance_raises_recorded_absence_at_first():
    a = summaries(SEEDS, registration_compliance=0.5, years=1, **KW)
    b = summaries(SEEDS, registration_compliance=1.0, years=1, **KW)
    mean, low, high = paired_ci(a, b, "mean_absence")
    assert low > 0, (mean, low, high)
    # ... while true absence does not rise (the ladder sees more and acts on more pupils):
    # the upper end of its 95 % CI is not above zero.
    t_mean, t_low, t_high = paired_ci(a, b, "true_absence")
    assert t_high <= 0, (t_mean, t_low, t_high)


def test_interventions_lower_absence():
    a = summaries(SEEDS, **KW)
    none = dict(
        effect_contact_guardians=0.0,
        effect_eht_followup_week=0.0,
        effect_guardian_meeting=0.0,
        effect_action_plan=0.0,
        effect_first_absence_call=0.0,
        effect_family_intervention=0.0,
        effect_ssw_advice_week=0.0,
        effect_case_coordination_week=0.0,
        effect_joint_plan_added=0.0,
        effect_redirection=0.0,
    )
    b = summaries(SEEDS, **none, **KW)
    mean, low, high = paired_ci(a, b, "true_absence")
    assert low > 0, (mean, low, high)


def test_untreated_risk_escalates_to_long_term_absence():
    a = summaries(SEEDS, escalation_rate=0.0, years=2, **KW)
    b = summaries(SEEDS, escalation_rate=0.2, years=2, **KW)
    mean, low, high = paired_ci(a, b, "long_term_absent_share")
    assert low > 0, (mean, low, high)


def test_cumulative_absence_lowers_eligibility():
    a = summaries(SEEDS, baseline_absence=0.05, years=2, **KW)
    b = summaries(SEEDS, baseline_absence=0.15, years=2, **KW)
    mean, low, high = paired_ci(a, b, "eligible_share")
    assert high < 0, (mean, low, high)


def test_higher_feedback_probability_gives_more_feedback_and_school_trust():
    a = summaries(SEEDS, feedback_probability=0.0, **KW)
    b = summaries(SEEDS, feedback_probability=0.6, **KW)
    assert paired_ci(a, b, "feedback_rate")[1] > 0
    assert paired_ci(a, b, "trust_school_side")[1] > 0


def test_consultants_open_fewer_cases():
    # every multi-problem pupil on steps 3-4 reported, so that there are reports to open
    a = summaries(SEEDS, consultant_share=0.0, report_if_needed_probability=1.0, **KW)
    b = summaries(SEEDS, consultant_share=1.0, report_if_needed_probability=1.0, **KW)
    mean, low, high = paired_ci(a, b, "cases_opened")
    assert high < 0, (mean, low, high)


def test_school_social_workers_raise_feedback_and_school_trust():
    # a modest effect on top of Orust's already high feedback (about +0.06): 16 seeds, 2 years
    a = summaries(16, school_social_workers=0, years=2, **KW)
    b = summaries(16, school_social_workers=2, years=2, **KW)
    assert paired_ci(a, b, "feedback_rate")[1] > 0
    assert paired_ci(a, b, "trust_school_side")[1] > 0


def test_intake_visits_to_the_eht_build_familiarity():
    a = summaries(10, intake_eht_interval_weeks=0, years=2, **KW)
    b = summaries(10, intake_eht_interval_weeks=4, years=2, **KW)
    assert paired_ci(a, b, "mean_familiarity_cross")[1] > 0


def _coordinator_eht_familiarity(seed, interval):
    from sim.model import SchoolCooperationModel

    # Without turnover, so that the ties measured are those of the same people in both arms.
    m = SchoolCooperationModel(seed=seed, coordinator_eht_interval_weeks=interval,
                               annual_turnover_coordinator=0.0, annual_turnover_school=0.0,
                               **KW)
    m.run_years(1)
    g = m.network
    coordinators = [c.unique_id for c in m.staffing.coordinators()]
    eht = [a.unique_id for s in range(m.p.n_schools) for a in m.staffing.eht(s)]
    pairs = [(c, e) for c in coordinators for e in eht]
    return sum(g.edges[c, e]["familiarity"] if g.has_edge(c, e) else 0.0
               for c, e in pairs) / max(len(pairs), 1)


def test_coordinator_meetings_with_the_eht_build_familiarity_and_cost_hours():
    import numpy as np

    a = summaries(10, coordinator_eht_interval_weeks=0, years=2, **KW)
    b = summaries(10, coordinator_eht_interval_weeks=4, years=2, **KW)
    assert paired_ci(a, b, "meeting_hours")[1] > 0
    d = np.array([_coordinator_eht_familiarity(s, 4) - _coordinator_eht_familiarity(s, 0)
                  for s in range(6)])
    assert d.mean() - 2.57 * d.std(ddof=1) / np.sqrt(len(d)) > 0, d


def test_an_informed_school_helps_multi_problem_pupils_better():
    """Feedback and joint plans tell the school that social services work with the family;
    its own follow-up then fits the family cause better (ODD 7.13): pupils whose families
    have problems are absent less over the run. Plenty of feedback so that many are told."""
    base = dict(feedback_probability=0.9, years=2, **KW)
    a = summaries(SEEDS, informed_school_help_fit=0.0, **base)
    b = summaries(SEEDS, informed_school_help_fit=1.0, **base)
    mean, low, high = paired_ci(a, b, "absence_over_run_multi_problem")
    assert high < 0, (mean, low, high)


def test_the_school_is_informed_by_feedback_and_only_then():
    import sim

    told = sim.run("silo", seed=2, years=1, feedback_probability=1.0, **KW).model
    assert told.counters["feedback_given"] > 0 and told.pupils.school_informed.sum() > 0
    # with the other routes to feedback closed, and no joint plans, no school is told
    silent = sim.run("silo", seed=2, years=1, feedback_probability=0.0,
                     feedback_consent_bonus=0.0, feedback_coordinator_bonus=0.0,
                     ssw_feedback_bonus=0.0, feedback_familiarity_bonus=0.0, **KW).model
    assert silent.counters["feedback_given"] == 0
    assert silent.pupils.school_informed.sum() == 0
    fit = told.pupils.school_fit_for_family(slice(None))
    f, k = told.p.school_help_for_family_cause, told.p.informed_school_help_fit
    assert set(fit.round(12)) <= {round(f, 12), round(f + k * (1 - f), 12)}


def test_an_unopened_report_goes_on_to_joint_work_and_spares_the_schools_trust():
    """With a joint route, the coordinator at intake's first meeting offers the family joint
    work when intake does not open the report (000 L726-728): applications come from reports
    and the school feels fewer betrayals; without a joint route (silo) nothing changes."""
    on = [sim_run(unopened_report_to_joint_work=1.0, seed=s) for s in range(SEEDS)]
    off = [sim_run(unopened_report_to_joint_work=0.0, seed=s) for s in range(SEEDS)]
    assert all(m.counters["reports_to_joint_work"] > 0 for m in on)
    assert all(m.counters["reports_to_joint_work"] == 0 for m in off)
    a = [{"betrayals": m.ties.betrayals} for m in off]
    b = [{"betrayals": m.ties.betrayals} for m in on]
    assert paired_ci(a, b, "betrayals")[2] < 0
    silo = sim_run("silo", unopened_report_to_joint_work=1.0, seed=0)
    assert silo.counters["reports_to_joint_work"] == 0


def sim_run(scenario=None, seed=0, **kw):
    """The model of a 2-year run of the default municipality (enough reports to judge)."""
    import sim

    return sim.run(scenario, seed=seed, years=2, **kw).model


def test_case_consultation_at_regular_contacts_reaches_pupils_whose_families_have_problems():
    """Regular contact reaches the child (ODD 7.8, 7.13): at the coordinator's monthly
    meeting the EHT brings pupils whose families have problems; their school help then fits
    better and some are reported at once. Without consultation, the same meetings reach no
    child, and without contacts there is nothing to consult. The advised school's help fits
    fully, so that the channel is seen in a small municipality."""
    base = dict(years=2, consultation_help_fit=1.0, **KW)
    a = summaries(SEEDS, consultation_cases_per_contact=0, **base)
    b = summaries(SEEDS, consultation_cases_per_contact=4, **base)
    mean, low, high = paired_ci(a, b, "absence_over_run_multi_problem")
    assert high < 0, (mean, low, high)
    import sim

    on = sim.run(None, seed=1, years=1, **KW).model
    assert on.counters["consultations"] > 0
    assert on.pupils.school_advised.sum() > 0
    off = sim.run(None, seed=1, years=1, coordinator_eht_interval_weeks=0, **KW).model
    assert off.counters["consultations"] == 0  # intake's termly visit brings no cases


def test_ppr_assesses_referred_pupils_in_turn_as_far_as_its_capacity_goes():
    """PPR (004 L680-688): a pupil is referred once; with half an assessment a week the
    first referral is assessed in the second week, in order of referral; a pupil who has
    left school drops out of the queue; without PPR no referral is made."""
    import sim
    from sim.model.mechanisms.school import SCHOOL_ACTIONS

    model = sim.run("aalborg", seed=0, years=1, ppr_assessments_per_week=0.5, **KW).model
    ppr, pp = model.ppr, model.pupils
    ppr.queue.clear()
    ppr.credit = 0.0
    rows = [0, 1, 2]
    for row in rows:
        ppr.referred.pop(row, None)
        ppr.refer(row)
    # referred once: the ladder's action is done without a second referral
    assert all(SCHOOL_ACTIONS["refer_ppr"].perform(model, row) for row in rows)
    assert [r for r, *_ in ppr.queue] == rows
    pp.generation[rows[1]] += 1  # the second pupil leaves; a new pupil takes the row
    before = model.counters["ppr_assessments"]
    ppr.work()
    assert model.counters["ppr_assessments"] == before  # half an assessment: none yet
    ppr.work()
    assert model.counters["ppr_assessments"] == before + 1 and [r for r, *_ in ppr.queue] == [
        rows[1], rows[2]]
    ppr.work()
    ppr.work()  # the leaver is passed over, the third pupil assessed
    assert model.counters["ppr_assessments"] == before + 2 and not ppr.queue
    assert not ppr.was_referred(rows[1])  # the new pupil in that row was never referred

    off = sim.run("aalborg", seed=0, years=1, ppr_assessments_per_week=0.0, **KW)
    assert off.summary["ppr_assessments"] == 0 and not off.model.ppr.queue
    assert off.model.counters["ppr_referrals"] == 0


def test_ppr_assessment_reaches_the_child():
    """Paired by seed over 20 seeds: with PPR's assessment at the top of its range the pupils
    referred at Aalborg's step 3 miss less school than with no effect; the referrals and the
    hours are the same in both arms."""
    base = dict(years=2, scenario="aalborg", ppr_assessments_per_week=2.0)
    a = summaries(20, effect_ppr_assessment=0.0, **base)
    b = summaries(20, effect_ppr_assessment=0.54, **base)
    assert all(x["ppr_assessments"] > 0 for x in a)
    mean, low, high = paired_ci(a, b, "absence_over_run")
    assert high < 0, (mean, low, high)


def test_parents_at_the_forum_are_asked_for_consent():
    """Aalborg's Trivselsforum with parents (004 L2130-2134): the guardians of the pupils the
    EHT brings take part, so more families give consent (paired by seed); the lever does
    nothing where there is no forum."""
    import sim

    def consents(seed, **kw):
        model = sim.run("aalborg", seed=seed, years=2, **kw, **KW).model
        return {"consents": model.counters["consents"],
                "parents": model.counters["forum_parent_meetings"]}

    a = [consents(s, forum_with_parents=False) for s in range(SEEDS)]
    b = [consents(s, forum_with_parents=True) for s in range(SEEDS)]
    assert all(x["parents"] == 0 for x in a) and all(y["parents"] > 0 for y in b)
    mean, low, high = paired_ci(a, b, "consents")
    assert low > 0, (mean, low, high)
    none = consents(0, forum_with_parents=True, forum_interval_weeks=0)
    assert none["parents"] == 0
