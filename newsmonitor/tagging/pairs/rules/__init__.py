"""The pair rules, by family. Each is a plain function over one sentence (context.Sentence)
that yields candidates (context.Candidate: two states and the cue that fired); the
registry (pairs/registry.py) lists them and says which words trigger each."""
