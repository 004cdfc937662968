//go:build prometheus

package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPrometheus runs a real Prometheus (Debian's prometheus package) on
// loopback that scrapes a running jmlog, and checks through Prometheus's
// query API that jmlog_code_total for a code is what was fed in. .ci/run
// runs it: go test -tags prometheus -run TestPrometheus .
func TestPrometheus(t *testing.T) {
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Fatalf("%v: install Debian's prometheus package", err)
	}
	dir := t.TempDir()
	jmlogAddr, promAddr := freeAddr(t), freeAddr(t)

	// jmlog follows a file, and is fed 137 lines with 871300.
	path := filepath.Join(dir, "app.log")
	appendFile(t, path, "")
	p := startJmlog(t, nil, "-f", "--from-start", "--metrics-addr", jmlogAddr, path)
	const n = 137
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "line %d sendMessage onFailed 871300\n", i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "line %d.5 code 871104 and 871999\n", i)
		}
	}
	b.WriteString("last\n")
	appendFile(t, path, b.String())
	p.waitOut("last\n")

	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, []byte(fmt.Sprintf(`global:
  scrape_interval: 1s
scrape_configs:
  - job_name: jmlog
    static_configs:
      - targets: ['%s']
`, jmlogAddr)), 0o644); err != nil {
		t.Fatal(err)
	}
	prom := exec.Command(bin,
		"--config.file="+config,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+promAddr,
		"--log.level=warn")
	var promLog strings.Builder
	prom.Stdout, prom.Stderr = &promLog, &promLog
	if err := prom.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { prom.Wait(); close(exited) }()
	defer func() {
		prom.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			prom.Process.Kill()
			<-exited
		}
	}()

	q := "http://" + promAddr + "/api/v1/query?query=" + url.QueryEscape(`jmlog_code_total{code="871300"}`)
	client := &http.Client{Timeout: 5 * time.Second}
	end := time.Now().Add(45 * time.Second)
	last := "no answer yet"
	for {
		select {
		case <-exited:
			t.Fatalf("prometheus exited: %v\n%s", prom.ProcessState, promLog.String())
		default:
		}
		if v, err := query(client, q); err != nil {
			last = err.Error()
		} else if last = v; v == fmt.Sprint(n) {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("jmlog_code_total{code=\"871300\"} through Prometheus: %s, want %d\nprometheus log:\n%s\njmlog stderr:\n%s",
				last, n, promLog.String(), p.stderr())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("Prometheus reads jmlog_code_total{code=\"871300\"} = %d", n)
}

// query asks Prometheus for an instant vector of one series and returns its
// value.
func query(c *http.Client, q string) (string, error) {
	resp, err := c.Get(q)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var r struct {
		Status string `json:"status"`
		Data   struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Value  [2]any            `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return "", err
	}
	switch {
	case r.Status != "success":
		return "", fmt.Errorf("status %q", r.Status)
	case len(r.Data.Result) != 1:
		return "", fmt.Errorf("%d series", len(r.Data.Result))
	}
	res := r.Data.Result[0]
	if res.Metric["message"] != "Have not logged in." {
		return "", fmt.Errorf("labels %v", res.Metric)
	}
	return fmt.Sprint(res.Value[1]), nil
}

// freeAddr is a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
