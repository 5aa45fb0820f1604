"""The embedded mode's task queue: kombu's filesystem transport (one file a message
under var/broker/), made safe for a full disk.

kombu writes a message straight into the queue folder, so a write cut short by a full
disk left an empty or half-written file there, and the first worker to read it stopped
with "Unrecoverable error: JSONDecodeError". Here a message is written under a name no
queue reads and renamed into place only once whole; a failed write removes it and says
why; and a file that is not a message all the same is skipped with an error logged."""

import logging
import os
import uuid
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.json import dumps

log = logging.getLogger(__name__)


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"  # the name kombu reads
        partial = os.path.join(self.data_folder_out, f".{name}.partial")
        try:
            with open(partial, "wb") as out:
                out.write(dumps(payload).encode())
            os.rename(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            try:
                os.unlink(partial)
            except OSError:
                pass
            raise ChannelError(f"cannot queue a task in {self.data_folder_out}: {exc.strerror}") from exc

    def _get(self, queue):
        try:
            return super()._get(queue)
        except ValueError as exc:  # the file was taken off the queue but held no message
            log.error("skipped an unreadable message of queue %s in %s: %s", queue, self.data_folder_in, exc)
            raise Empty() from exc


class Transport(filesystem.Transport):
    Channel = Channel
