#!/usr/bin/env bash
# Static checks: gofmt, go vet, staticcheck (pinned) and generated code.
set -euo pipefail
cd "$(dirname "$0")/.."

STATICCHECK_VERSION=v0.8.2

unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "check: gofmt would change:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go install "honnef.co/go/tools/cmd/staticcheck@${STATICCHECK_VERSION}"
"$(go env GOPATH)/bin/staticcheck" ./...
if [ -f gqlgen.yml ]; then
  go tool gqlgen generate
  if [ -n "$(git status --porcelain -- graph schema.graphqls gqlgen.yml)" ]; then
    echo "check: generated GraphQL code is out of date; run 'go tool gqlgen generate' and commit" >&2
    git status --porcelain -- graph >&2
    exit 1
  fi
fi
echo "check: ok"
