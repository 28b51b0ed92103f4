"""Crisis Table's game server (Flask + Flask-SocketIO). The app factory is server.app.create_app.

Import nothing here: `crisis-table serve` imports this package before server.main, which must
let gevent patch the standard library before Flask, sockets or threads are imported.
"""
