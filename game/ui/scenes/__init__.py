"""One scene per screen: title, level select, intro, training, deployment, debrief, try-it, error."""
