"""Exercise feedback: ``check(question_id, answer)`` with specific hints for usual mistakes."""

__all__: list[str] = []
