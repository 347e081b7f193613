"""The action plans' rows of the permission matrix for pages added after the matrix's own
(tests/test_permission_matrix.py); the plan is agency B's, shared with no locality."""

EXPECTED = {
    "actionplans:plan_pdf": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:plan_trend": "auth  404  404  404  404  404  404  404  200  200",
}
PAGE_KWARGS = {
    "actionplans:plan_pdf": lambda w: {"pk": w["plan"].pk},
    "actionplans:plan_trend": lambda w: {"pk": w["plan"].pk},
}
