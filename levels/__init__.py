"""The campaign levels and the level schema. Installed as the package data `game.levels`; found through
`game.resources` (campaign_dir, schema_path). This file only makes the folder importable."""
