// Package redistest gives tests a real Redis: a private redis-server on a
// free port (for tests that stop it), or the shared one on 127.0.0.1:6379.
// A missing redis-server skips the test, except with CI=true, where it
// fails: CI must never pass by silently skipping a real-component test.
package redistest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// ServerPath is the redis-server binary the helpers start (Debian's);
// redis-server on PATH is used when it is not there.
var ServerPath = "/usr/bin/redis-server"

// SharedAddr is the Redis that runs on these machines; REDIS_TEST_ADDR
// overrides it.
func SharedAddr() string {
	if a := os.Getenv("REDIS_TEST_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:6379"
}

// missing fails under CI and skips otherwise.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: a real-component test must not be skipped)", msg)
	}
	t.Skipf("%s; skipping (install redis-server, e.g. apt-get install redis-server)", msg)
}

// Server is a private redis-server process.
type Server struct {
	// Addr is host:port of the server.
	Addr string

	t    testing.TB
	path string
	port int
	dir  string

	mu     sync.Mutex
	proc   *os.Process
	exited chan struct{}
}

// Start runs a private redis-server on a free loopback port, without
// persistence, and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	path := ServerPath
	if _, err := os.Stat(path); err != nil {
		if path, err = exec.LookPath("redis-server"); err != nil {
			missing(t, "redis-server not found at %s or on PATH", ServerPath)
		}
	}
	s := &Server{t: t, dir: t.TempDir(), path: path}
	var lastErr error
	for range 5 { // a free port can be taken between probing and binding
		s.port = freePort(t)
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
		if lastErr = s.start(); lastErr == nil {
			t.Cleanup(s.Stop)
			return s
		}
	}
	t.Fatalf("start redis-server: %v", lastErr)
	return nil
}

// Stop kills the server (as an outage would); it is safe to call twice.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return
	}
	_ = s.proc.Kill()
	<-s.exited
	s.proc, s.exited = nil, nil
}

// Restart starts the server again on the same port (empty: nothing was
// persisted).
func (s *Server) Restart() {
	s.t.Helper()
	var err error
	for range 20 { // the old socket may linger for a moment
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("restart redis-server: %v", err)
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := exec.Command(s.path,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir,
		"--protected-mode", "no", "--loglevel", "warning")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	c := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	for range 100 {
		select {
		case <-exited:
			return fmt.Errorf("redis-server exited: %s", out.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			s.proc, s.exited = cmd.Process, exited
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-exited
	return fmt.Errorf("redis-server on %s did not answer: %s", s.Addr, out.String())
}

// freePort asks the kernel for a free loopback port.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Shared returns a client of the shared Redis (SharedAddr), closed when the
// test ends. An unreachable Redis skips the test, or fails it with CI=true.
func Shared(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: SharedAddr()})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		missing(t, "no Redis at %s: %v", SharedAddr(), err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Client returns a client of this server, closed when the test ends.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr})
	s.t.Cleanup(func() { c.Close() })
	return c
}

// Prefix returns a key prefix no other test (or test run) uses, so that
// tests sharing one Redis never see each other's keys.
func Prefix(t testing.TB) string {
	name := strings.NewReplacer("/", ":", " ", "_").Replace(t.Name())
	return "test:" + name + ":" + strings.ToLower(rand.Text()[:8]) + ":"
}
