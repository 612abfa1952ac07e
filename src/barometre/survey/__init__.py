"""The institutional questionnaire: campaigns, respondents, answers, and the declared-vs-observed analyses."""
