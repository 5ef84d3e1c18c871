"""Privacy requests: intake, verification, deadlines, decisions, execution across systems, proof."""
