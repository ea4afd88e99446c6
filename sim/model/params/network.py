"""Parameters: Trust and familiarity (M6, M7).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "trust_initial",
    0.5,
    "trust (0-1)",
    (0.05, 0.95),
    "network",
    "trust on a new tie when the other sector has no reputation yet; also the level trust decays "
    "to",
    "assumption",
)
declare(
    "initial_familiarity",
    0.2,
    "familiarity (0-1)",
    (0.0, 1.0),
    "network",
    "familiarity between each EHT member and the intake workers at the start (intake visits every "
    "EHT each term)",
    "assumption: 000 L730-731 (intake visits every EHT each term)",
)
declare(
    "trust_gain",
    0.04,
    "share of the gap per contact",
    (0.001, 0.3),
    "network",
    "slow rise of trust after a positive two-person contact",
    "assumption: informed by 003 L3174-3175 ('Tillit byggs upp långsamt'; direction only)",
)
declare(
    "trust_loss",
    0.2,
    "share lost per betrayal",
    (0.05, 0.95),
    "network",
    "fast fall of trust after a perceived betrayal (no feedback, case not opened)",
    "assumption: informed by 003 L3174-3175 ('Ett upplevt svek kan vara nog'), 000 "
    "L1602-1604 (direction only)",
)
declare(
    "missing_feedback_severity",
    0.5,
    "share of a betrayal",
    (0.0, 1.0),
    "network",
    "how heavily a report with no feedback weighs, against an obvious case not opened (1)",
    "assumption: informed by 000 L1094-1127 (frustration) against L1598-1604 (trust lost)",
)
declare(
    "team_share",
    0.25,
    "share of a betrayal",
    (0.0, 1.0),
    "network",
    "how strongly the reporter's EHT colleagues share a betrayal the reporter felt",
    "assumption: informed by 000 L1602-1604 ('Där tappade vi förtroendet': the team speaks "
    "as 'we')",
)
declare(
    "familiarity_buffer",
    0.7,
    "factor",
    (0.0, 1.0),
    "network",
    "how much familiarity softens a betrayal: loss x (1 - buffer x familiarity)",
    "assumption: informed by 000 L1642-1661 (known staff attract less anger)",
)
declare(
    "betrayal_spillover",
    0.3,
    "share of trust_loss",
    (0.0, 1.0),
    "network",
    "how much a betrayal also lowers trust in the betrayer's colleagues (trust in the "
    "organisation)",
    "assumption: informed by 003 L2876 (competence trust and person trust); 000 L1642-1648, "
    "L1598-1604",
)
declare(
    "trust_decay",
    0.01,
    "share of the gap per week",
    (0.0, 0.2),
    "network",
    "weekly drift of trust back to trust_initial without contact",
    "assumption: conceptual model M6",
)
declare(
    "meeting_size_exponent",
    0.5,
    "exponent",
    (0.0, 2.0),
    "network",
    "how fast the gain per contact shrinks with meeting size: gain x (2/size)^exponent; small "
    "forums build more",
    "assumption: informed by 000 L1534-1560 (small forums beat large SIP meetings)",
)
declare(
    "blame_loss",
    0.15,
    "share lost per blame",
    (0.0, 0.8),
    "network",
    "fall of a social worker's trust in a school contact who shifts blame after a betrayal; "
    "damped by familiarity",
    "assumption: informed by 000 L1351-1359 (blame shifting), L1642-1661 (acquaintance damps "
    "irritation)",
)
declare(
    "familiarity_gain",
    0.1,
    "share of the gap per contact",
    (0.005, 0.5),
    "network",
    "growth of familiarity (knowing the other's mandate) per contact with the same person",
    "assumption: informed by 004 L2629-2639 (fixed meeting partners); 000 L1435-1441",
)
declare(
    "familiarity_decay",
    0.003,
    "share per week",
    (0.0, 0.1),
    "network",
    "weekly forgetting of familiarity without contact",
    "assumption",
)
declare(
    "distrust_recovery",
    0.0,
    "share of the gap per week",
    (0.0, 0.05),
    "network",
    "weekly drift of trust that is below trust_initial back up without contact; 0 = a "
    "negative history ('bagage') persists until new contacts rebuild trust",
    "assumption: informed by 003 L3162-3172 (a negative history between the parties persists)",
)
