"""Running one function in several threads at once, to race them."""

import threading

from django.db import connection


def race(function, times=2):
    """Call `function` in `times` threads at once and wait for all; each thread closes
    its own database connection when done."""

    def run():
        try:
            function()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
