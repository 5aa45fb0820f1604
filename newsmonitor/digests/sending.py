"""Due digests and alerts, claimed and sent exactly once (written next).

    due_deliveries(now) -> [delivery id]   make the Delivery rows of every due digest and
                                           spike alert; the ids to send now (new, or failed
                                           and due for another try)
    send(delivery_id) -> status            claim by conditional UPDATE, compose, send over
                                           SMTP; a failure is recorded with a next try
"""


def due_deliveries(now):
    raise NotImplementedError


def send(delivery_id):
    raise NotImplementedError
