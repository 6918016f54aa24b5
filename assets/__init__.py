"""Pictures and other files the game draws with. Installed as the package data `game.assets`; found through
`game.resources` (assets_dir, asset). This file only makes the folder importable."""
