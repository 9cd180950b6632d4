# The two commands of the README: `make demo` runs the server against the
# built-in Odoo simulator, `make test` runs every test (installing Redis and
# Chromium first when they are missing).
.PHONY: demo test check generate bench

demo:
	go run . -demo

test:
	./scripts/test.sh

# check runs the static checks CI runs: formatting, vet, staticcheck and
# whether the generated GraphQL code is up to date.
check:
	./scripts/check.sh

generate:
	go tool gqlgen generate

bench:
	go test -run XXX -bench . -benchmem ./...
