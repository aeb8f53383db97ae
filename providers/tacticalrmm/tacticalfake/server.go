// Package tacticalfake is a fake Tactical RMM API host for tests,
// benchmarks and the demo: clients with nested sites, agents in the classic
// full listing and the paginated beta API (which can be switched off), the
// classic agent detail with WMI data, alerts by PATCH /alerts/, faults, a
// dashboard host that answers HTML to everything, and a URL-action sender
// with Tactical's templating quirks. Agents are generated from their
// index, so a large estate costs no memory.
package tacticalfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Key is the fake's API key.
const Key = "FAKEKEY0123456789ABCDEFGHIJKLMNO"

// Fault is a failure the fake injects.
type Fault string

const (
	FaultNone      Fault = ""
	Fault401       Fault = "401"
	Fault403       Fault = "403"
	Fault500       Fault = "500"       // an HTML "Server Error (500)" page
	FaultBare400   Fault = "bare400"   // a bare JSON string, as notify_error sends
	FaultHTML404   Fault = "html404"   // Django's HTML 404 page
	FaultMalformed Fault = "malformed" // agent listings are not JSON
	FaultSlow      Fault = "slow"
)

// Server is a fake Tactical RMM.
type Server struct {
	Agents, Clients int
	// Beta says whether /beta/v1/ is enabled.
	Beta bool
	// Delay is how long FaultSlow waits.
	Delay time.Duration
	Now   time.Time

	mu        sync.Mutex
	fault     Fault
	faultLeft int
	deleted   map[int]bool
	seen      map[int]time.Time
	alerts    []Alert
	resolved  []int64
	calls     map[string]int
}

// Alert is an alert the fake lists.
type Alert struct {
	ID        int64  `json:"id"`
	Agent     int    `json:"agent"`
	AlertType string `json:"alert_type"`
	Message   string `json:"message"`
	AlertTime string `json:"alert_time"`
	Severity  string `json:"severity"`
	Resolved  bool   `json:"resolved"`
	Snoozed   bool   `json:"snoozed"`
	Hostname  string `json:"hostname"`
	AgentID   string `json:"agent_id"`
}

// New makes a fake of agents agents in clients clients, beta API on.
func New(agents, clients int) *Server {
	return &Server{Agents: agents, Clients: max(clients, 1), Beta: true, Now: time.Now().UTC(), deleted: map[int]bool{}, seen: map[int]time.Time{}, calls: map[string]int{}}
}

// AgentID is agent i's agent_id (40 characters, as Tactical makes them).
func AgentID(i int) string { return fmt.Sprintf("AGENT%035d", i) }

// Inject makes the next n answers fail with f (n < 0: until cleared).
func (s *Server) Inject(f Fault, n int) { s.mu.Lock(); s.fault, s.faultLeft = f, n; s.mu.Unlock() }

// Delete removes agents.
func (s *Server) Delete(ids ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.deleted[id] = true
	}
}

// Seen sets an agent's last check-in.
func (s *Server) Seen(id int, at time.Time) { s.mu.Lock(); s.seen[id] = at; s.mu.Unlock() }

// SetAlerts replaces the alerts.
func (s *Server) SetAlerts(a ...Alert) { s.mu.Lock(); s.alerts = a; s.mu.Unlock() }

// Resolved lists the alert ids resolved through the API.
func (s *Server) Resolved() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.resolved)
}

// Calls reports how many requests a path prefix received.
func (s *Server) Calls(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.calls {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// Dashboard is the dashboard host: a single-page app that answers HTML 200
// for every path.
func Dashboard() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html><head><title>Tactical RMM</title></head><body><div id="q-app"></div></body></html>`))
	})
}

// Handler serves the API host.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /clients/", s.api(s.clients))
	mux.HandleFunc("GET /agents/", s.api(s.classicAgents))
	mux.HandleFunc("GET /agents/{agent}/", s.api(s.agentDetail))
	mux.HandleFunc("GET /beta/v1/agent/", s.api(s.betaAgents))
	mux.HandleFunc("PATCH /alerts/", s.api(s.listAlerts))
	mux.HandleFunc("GET /alerts/", s.api(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"detail": `Method "GET" not allowed.`})
	}))
	mux.HandleFunc("PUT /alerts/{id}/", s.api(s.resolveAlert))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { htmlPage(w, http.StatusNotFound, "Not Found") })
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func htmlPage(w http.ResponseWriter, status int, title string) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1></body></html>", title, title)
}

func (s *Server) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[r.URL.Path]++
		f := s.fault
		if s.faultLeft == 0 {
			f = FaultNone
		} else if s.faultLeft > 0 {
			s.faultLeft--
		}
		delay := s.Delay
		s.mu.Unlock()
		if r.Header.Get("X-API-KEY") != Key {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"detail": "Invalid token."})
			return
		}
		switch f {
		case Fault401:
			writeJSON(w, http.StatusUnauthorized, map[string]string{"detail": "The token has expired."})
			return
		case Fault403:
			writeJSON(w, http.StatusForbidden, map[string]string{"detail": "You do not have permission to perform this action."})
			return
		case Fault500:
			htmlPage(w, http.StatusInternalServerError, "Server Error (500)")
			return
		case FaultBare400:
			writeJSON(w, http.StatusBadRequest, "Unable to contact the agent")
			return
		case FaultHTML404:
			htmlPage(w, http.StatusNotFound, "Not Found")
			return
		case FaultSlow:
			time.Sleep(delay)
		case FaultMalformed:
			if strings.Contains(r.URL.Path, "agent") {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`[{"agent_id": "AGENT`))
				return
			}
		}
		if strings.HasPrefix(r.URL.Path, "/beta/") && !s.Beta {
			htmlPage(w, http.StatusNotFound, "Not Found")
			return
		}
		h(w, r)
	}
}

// site i (from 1) belongs to client (i-1)/2+1: two sites per client.
func (s *Server) siteOf(agent int) int { return (agent%s.Clients)*2 + 1 + agent/s.Clients%2 }

func (s *Server) clients(w http.ResponseWriter, r *http.Request) {
	out := []map[string]any{}
	for c := 1; c <= s.Clients; c++ {
		sites := []map[string]any{}
		for _, id := range []int{2*c - 1, 2 * c} {
			sites = append(sites, map[string]any{"id": id, "name": fmt.Sprintf("Site %d", id), "client": c, "client_name": fmt.Sprintf("Client %d", c)})
		}
		out = append(out, map[string]any{"id": c, "name": fmt.Sprintf("Client %d", c), "sites": sites})
	}
	writeJSON(w, http.StatusOK, out)
}

// agents lists the live agents of a client (0: all), by index.
func (s *Server) agentsOf(client int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for i := 0; i < s.Agents; i++ {
		if s.deleted[i] || (client != 0 && (s.siteOf(i)-1)/2+1 != client) {
			continue
		}
		out = append(out, i)
	}
	return out
}

func (s *Server) lastSeen(i int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.seen[i]; ok {
		return t
	}
	return s.Now.Add(-time.Hour - time.Duration(i%600)*time.Second)
}

// base is what every agent representation shares.
func (s *Server) base(i int) map[string]any {
	monitoring := "workstation"
	if i%5 == 0 {
		monitoring = "server"
	}
	plat, os := "windows", "Microsoft Windows 10 Pro, 64bit (build 19045)"
	if monitoring == "server" {
		os = "Microsoft Windows Server 2019 Standard, 64bit (build 17763)"
	}
	if i%7 == 3 {
		plat, os = "linux", "Debian 11.2 x86_64 5.10.0-11-amd64"
	}
	return map[string]any{
		"agent_id": AgentID(i), "hostname": fmt.Sprintf("PC-%05d", i), "monitoring_type": monitoring, "description": nil,
		"needs_reboot": i%9 == 0, "last_seen": s.lastSeen(i).Format("2006-01-02T15:04:05.000000Z"),
		"boot_time": float64(s.Now.Add(-48*time.Hour).Unix()) + 0.5, "plat": plat, "goarch": "amd64", "version": "2.11.0",
		"operating_system": os, "public_ip": "65.234.22.4", "maintenance_mode": false, "offline_time": 4, "overdue_time": 30,
	}
}

func (s *Server) classicAgents(w http.ResponseWriter, r *http.Request) {
	client, _ := strconv.Atoi(r.URL.Query().Get("client"))
	out := []map[string]any{}
	for _, i := range s.agentsOf(client) {
		a := s.base(i)
		a["site_name"] = fmt.Sprintf("Site %d", s.siteOf(i))
		a["client_name"] = fmt.Sprintf("Client %d", (s.siteOf(i)-1)/2+1)
		a["status"] = "online" // stale on purpose: rmmgraph computes the status
		a["logged_username"] = "-"
		if i%3 == 0 {
			a["logged_username"] = fmt.Sprintf("CORP\\user%d", i)
		}
		a["cpu_model"] = []string{"Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz, 8C/16T"}
		a["graphics"] = "Matrox G200eH"
		a["local_ips"] = fmt.Sprintf("10.%d.%d.%d, fe80::1", i>>16&255, i>>8&255, i&255)
		a["make_model"] = "HP ProLiant DL380 Gen9"
		if i%11 == 0 {
			a["make_model"] = "VMware, Inc. VMware Virtual Platform"
		}
		a["physical_disks"] = []string{"Samsung SSD 860 EVO 500GB 466GB SCSI"}
		a["serial_number"] = fmt.Sprintf("CZ%08d", i)
		if i%13 == 0 {
			a["serial_number"] = ""
		}
		a["has_patches_pending"] = i%4 == 0
		a["checks"] = map[string]any{"total": 3, "passing": 3, "failing": 0}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, out)
}

// model adds the fields of the Agent model (beta list, detail).
func (s *Server) model(i int) map[string]any {
	a := s.base(i)
	a["id"] = i + 1
	a["site"] = s.siteOf(i)
	a["total_ram"] = 16
	a["logged_in_username"] = "None"
	a["last_logged_in_user"] = fmt.Sprintf("CORP\\user%d", i)
	a["disks"] = []map[string]any{{"device": "C:", "fstype": "NTFS", "total": "465.3G", "used": "121.9G", "free": "343.3G", "percent": 26}}
	if a["plat"] == "linux" {
		a["wmi_detail"] = map[string]any{"serialnumber": fmt.Sprintf("LNX%07d", i), "make_model": "QEMU pc-i440fx-3.1", "local_ips": []string{fmt.Sprintf("192.168.45.%d/24", i%250+1), "fe80::1/64"}}
	} else {
		a["wmi_detail"] = map[string]any{
			"bios":           [][]map[string]any{{{"SerialNumber": fmt.Sprintf("CZ%08d", i)}}},
			"comp_sys":       [][]map[string]any{{{"Manufacturer": "HP", "Model": "ProLiant DL380 Gen9"}}},
			"network_config": [][]map[string]any{{{"IPAddress": []string{fmt.Sprintf("10.1.%d.%d", i>>8&255, i&255), "fe80::2"}}}},
		}
	}
	return a
}

func (s *Server) betaAgents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	client, _ := strconv.Atoi(q.Get("client_id"))
	size, _ := strconv.Atoi(q.Get("page_size"))
	if size <= 0 {
		size = 100
	}
	size = min(size, 1000)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	var after time.Time
	if v := q.Get("last_seen_range_after"); v != "" {
		after, _ = time.Parse(time.RFC3339, v)
	}
	var ids []int
	for _, i := range s.agentsOf(client) {
		if after.IsZero() || !s.lastSeen(i).Before(after) {
			ids = append(ids, i)
		}
	}
	start := (page - 1) * size
	if start > len(ids) {
		writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Invalid page."})
		return
	}
	results := []map[string]any{}
	for _, i := range ids[start:min(start+size, len(ids))] {
		results = append(results, s.model(i))
	}
	var next any
	if start+size < len(ids) {
		next = fmt.Sprintf("http://%s/beta/v1/agent/?page=%d", r.Host, page+1)
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(ids), "next": next, "previous": nil, "results": results})
}

func (s *Server) agentDetail(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("agent")
	if len(id) < 21 { // Django's route converter refuses short ids
		htmlPage(w, http.StatusNotFound, "Not Found")
		return
	}
	i, err := strconv.Atoi(strings.TrimLeft(strings.TrimPrefix(id, "AGENT"), "0"))
	if id == AgentID(0) {
		i, err = 0, nil
	}
	s.mu.Lock()
	gone := err != nil || i >= s.Agents || s.deleted[i]
	s.mu.Unlock()
	if gone {
		writeJSON(w, http.StatusNotFound, map[string]string{"detail": "No Agent matches the given query."})
		return
	}
	a := s.model(i)
	delete(a, "id")
	a["client"] = fmt.Sprintf("Client %d", (s.siteOf(i)-1)/2+1)
	a["site_name"] = fmt.Sprintf("Site %d", s.siteOf(i))
	a["status"] = "online"
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	var filter map[string]any
	json.NewDecoder(r.Body).Decode(&filter)
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Alert{}
	for _, a := range s.alerts {
		if v, ok := filter["resolvedFilter"].(bool); ok && !v && a.Resolved {
			continue
		}
		if v, ok := filter["snoozedFilter"].(bool); ok && !v && a.Snoozed {
			continue
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) resolveAlert(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var body map[string]string
	json.NewDecoder(r.Body).Decode(&body)
	if body["type"] != "resolve" {
		writeJSON(w, http.StatusBadRequest, "unsupported action")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.alerts {
		if s.alerts[i].ID == id {
			s.alerts[i].Resolved = true
			s.resolved = append(s.resolved, id)
			writeJSON(w, http.StatusOK, "ok")
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Not found."})
}

// Fire sends a URL-action delivery as Tactical does: the body template
// rendered with str() (falsy values become None, datetimes Python's str),
// with no escaping, no Content-Type, and the headers given. A message with
// a quote breaks the JSON, and Tactical then sends the text as a JSON
// string. It returns the receiver's status.
func Fire(url string, headers map[string]string, event string, a Alert) (int, error) {
	render := func(v string) string {
		if v == "" {
			return "None"
		}
		return v
	}
	t, _ := time.Parse(time.RFC3339Nano, a.AlertTime)
	body := fmt.Sprintf(`{"event":"%s","agent_id":"%s","alert_id":"%d","alert_type":"%s","severity":"%s","message":"%s","alert_time":"%s","client_id":"1","site_id":"1","hostname":"%s"}`,
		event, render(a.AgentID), a.ID, render(a.AlertType), render(a.Severity), render(a.Message), t.Format("2006-01-02 15:04:05.000000-07:00"), render(a.Hostname))
	if !json.Valid([]byte(body)) {
		quoted, _ := json.Marshal(body)
		body = string(quoted)
	}
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.Header.Del("Content-Type")
	client := &http.Client{Timeout: 8 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}
