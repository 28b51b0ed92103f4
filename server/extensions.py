"""Extensions are created unbound here and bound to an app in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO

socketio = SocketIO()
# REST rate limits per client address (RATELIMIT_STORAGE_URI: memory:// for one process, the
# server's Redis with --redis so that every process counts together; set in create_app).
limiter = Limiter(get_remote_address)
