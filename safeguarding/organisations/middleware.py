from .selectors import board_for_request


class CurrentBoardMiddleware:
    """Sets request.board: the board the person is working for (the header's switcher)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.board = board_for_request(request)
        return self.get_response(request)
