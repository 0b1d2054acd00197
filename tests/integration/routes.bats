#!/usr/bin/env bats
# The route table and openapi.yaml describe the same operations.

load helpers

@test "every route is in openapi.yaml and every operation has a route" {
    routes=$("$PAINGEN_BIN" --list-routes | sort)
    ops=$(node "$PAINGEN_ROOT/tests/contract/list-operations.mjs" "$PAINGEN_ROOT/openapi.yaml")
    diff <(echo "$routes") <(echo "$ops")
}
