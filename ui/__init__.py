"""Corpusmith's Qt shell: pages call core, show progress, hold no business logic."""
