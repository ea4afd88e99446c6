"""The model's rules, one module per mechanism of the conceptual model, each next to its source.

| module | mechanisms |
|---|---|
| :mod:`sim.model.pupils` | M1 daily absence, risk, escalation; M3 registration |
| :mod:`.ladder` | M2 the attendance ladder: screening, steps, resolution |
| :mod:`.school` | M2 the school side's actions and their effects |
| :mod:`.social_services` | M4 reports of concern: intake, investigation, feedback |
| :mod:`.joint_work` | M5 joint work and the working group; M9 the coordinator |
| :mod:`sim.model.network` | M6 trust, M7 familiarity |
| :mod:`.contacts` | M6, M7 scheduled contacts; M10 co-location; M11 Samrum |
| :mod:`.turnover` | M8 turnover, vacancies, consultants |
| :mod:`.teams` | M8 team restarts when a member leaves |
| :mod:`.management` | M12 the steering group: ambition level, quorum, obstacles removed |
| :mod:`.ppr` | the educational-psychology service (PPR, 004): referrals, capacity, assessment |
"""
