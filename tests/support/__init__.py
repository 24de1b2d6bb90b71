"""Test support shared by every suite: the programmable local HTTP server (:mod:`.httpserver`)."""
