from newsmonitor.tagging import TAGGER_VERSION, Tagger


def current_tagger():
    return Tagger.load()


def tagger_version():
    return TAGGER_VERSION
