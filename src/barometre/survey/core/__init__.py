"""Pure core of the questionnaire: question sets, answer diffs, and the analyses (no Django)."""
