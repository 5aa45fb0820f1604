"""Stories: one event, many copies. Articles that carry one text (wire copy republished
under another title, trimmed, with another footer) or report one event closely (same
pair, same topic, close in time, much the same facts) are one story, so timelines and
digests count events, not reprints."""
