"""The analytic validation suite (`supplysim validate-model`) as tests."""
