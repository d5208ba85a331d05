package sshconn

import (
	"context"
	"errors"
	"strconv"
	"testing"
)

func TestRetryMakesLimitPlusOneAttempts(t *testing.T) {
	for _, limit := range []int{0, 1, 3} {
		var status []string
		attempts := 0
		err := retry(context.Background(), "Dial", limit, func(s string) { status = append(status, s) },
			func(context.Context) error { attempts++; return errors.New("refused") })
		if attempts != limit+1 {
			t.Errorf("limit %d: %d attempts, want %d", limit, attempts, limit+1)
		}
		want := "after " + strconv.Itoa(limit) + " failed attempts: refused"
		if err == nil || err.Error() != want {
			t.Errorf("limit %d: error %v, want %q", limit, err, want)
		}
		if len(status) != limit {
			t.Fatalf("limit %d: status %q, want %d messages", limit, status, limit)
		}
		for i, s := range status {
			if want := "Dial " + strconv.Itoa(i+1) + "/" + strconv.Itoa(limit) + " failed: retrying"; s != want {
				t.Errorf("status %d = %q, want %q", i, s, want)
			}
		}
	}
}

func TestRetryStopsAtFirstSuccess(t *testing.T) {
	attempts := 0
	err := retry(context.Background(), "Dial", 10, nil, func(context.Context) error {
		attempts++
		if attempts < 3 {
			return errors.New("not yet")
		}
		return nil
	})
	if err != nil || attempts != 3 {
		t.Fatalf("err %v after %d attempts, want success at the third", err, attempts)
	}
}

func TestRetryWithoutLimitSaysInf(t *testing.T) {
	var status []string
	attempts := 0
	err := retry(context.Background(), "Dial proxy", -1, func(s string) { status = append(status, s) },
		func(context.Context) error {
			attempts++
			if attempts < 4 {
				return errors.New("refused")
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Dial proxy 1/inf failed: retrying", "Dial proxy 2/inf failed: retrying", "Dial proxy 3/inf failed: retrying"}
	if len(status) != len(want) {
		t.Fatalf("status %q, want %q", status, want)
	}
	for i := range want {
		if status[i] != want[i] {
			t.Errorf("status %d = %q, want %q", i, status[i], want[i])
		}
	}
}

func TestRetryReturnsTheContextErrorWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	attempts := 0
	err := retry(ctx, "Dial", -1, func(string) { cancel() }, func(context.Context) error {
		attempts++
		return errors.New("refused")
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if attempts != 1 {
		t.Fatalf("%d attempts after cancelling, want 1", attempts)
	}
}
