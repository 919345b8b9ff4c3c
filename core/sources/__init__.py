"""Importers: each turns some outside material (documents, chats, comments …) into a source with
raw items in the project store. Headless; the UI only calls them."""
