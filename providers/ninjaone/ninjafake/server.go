// Package ninjafake is a fake NinjaOne API for tests, benchmarks and the
// demo: OAuth token endpoint (client credentials, authorization code,
// refresh with rotation), organizations, locations, devices in bare-array
// `after` paging with the `df` filter, device detail, the device-health and
// antivirus-status reports with named cursors, alerts, webhook
// registration, and faults. Devices are generated from their index, so an
// estate of 100,000 costs no memory.
package ninjafake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Credentials of the fake's API client app.
const (
	ClientID     = "fake-client-id"
	ClientSecret = "fake-client-secret"
)

// Fault is a failure the fake injects.
type Fault string

const (
	FaultNone          Fault = ""
	Fault401           Fault = "401"            // API calls answer 401 (token refused)
	FaultInvalidClient Fault = "invalid_client" // the token endpoint refuses the client
	FaultInvalidGrant  Fault = "invalid_grant"  // refresh tokens are refused
	Fault429           Fault = "429"            // 429 with Retry-After: 1
	Fault500           Fault = "500"
	FaultMalformed     Fault = "malformed" // device pages are not JSON
	FaultSlow          Fault = "slow"      // every answer waits Delay
	// FaultNotAdmin refuses webhook configuration as NinjaOne does for a
	// user who is not a system administrator.
	FaultNotAdmin Fault = "not_admin"
)

// Server is a fake NinjaOne instance.
type Server struct {
	// Devices and Orgs size the estate: device i (id i+1) belongs to
	// organization i % Orgs + 1.
	Devices, Orgs int
	// Delay is how long FaultSlow waits.
	Delay time.Duration
	// Now is the estate's clock (last contact times are near it).
	Now time.Time

	mu          sync.Mutex
	fault       Fault
	faultLeft   int // answers left to fault; negative: until cleared
	tokens      map[string]time.Time
	refresh     map[string]bool // valid refresh tokens
	codes       map[string]string
	deleted     map[int64]bool
	moved       map[int64]int64 // device -> organization
	contact     map[int64]float64
	alerts      []Alert
	resets      []string
	webhook     *WebhookConfig
	calls       int
	tokenIssues int
	tokenTTL    time.Duration
}

// Alert is an active condition the fake lists.
type Alert struct {
	UID        string  `json:"uid"`
	DeviceID   int64   `json:"deviceId"`
	Message    string  `json:"message"`
	CreateTime float64 `json:"createTime"`
	SourceType string  `json:"sourceType"`
	SourceName string  `json:"sourceName"`
	Severity   string  `json:"severity"`
	Priority   string  `json:"priority"`
}

// WebhookConfig is what PUT /v2/webhook stored.
type WebhookConfig struct {
	URL     string `json:"url"`
	Headers []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"headers"`
	Activities map[string][]string `json:"activities"`
}

// New makes a fake of devices devices in orgs organizations.
func New(devices, orgs int) *Server {
	return &Server{Devices: devices, Orgs: max(orgs, 1), Now: time.Now().UTC(), tokens: map[string]time.Time{}, refresh: map[string]bool{},
		codes: map[string]string{}, deleted: map[int64]bool{}, moved: map[int64]int64{}, contact: map[int64]float64{}, tokenTTL: time.Hour}
}

// Inject makes the next n answers fail with f (n < 0: until cleared).
func (s *Server) Inject(f Fault, n int) { s.mu.Lock(); s.fault, s.faultLeft = f, n; s.mu.Unlock() }

// Calls reports how many API and token requests the fake answered.
func (s *Server) Calls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

// TokensIssued reports how many tokens the token endpoint issued.
func (s *Server) TokensIssued() int { s.mu.Lock(); defer s.mu.Unlock(); return s.tokenIssues }

// ExpireTokens makes every issued access token invalid (expired).
func (s *Server) ExpireTokens() { s.mu.Lock(); s.tokens = map[string]time.Time{}; s.mu.Unlock() }

// RevokeRefreshTokens makes every refresh token invalid.
func (s *Server) RevokeRefreshTokens() { s.mu.Lock(); s.refresh = map[string]bool{}; s.mu.Unlock() }

// Delete removes devices from the estate.
func (s *Server) Delete(ids ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.deleted[id] = true
	}
}

// Move puts a device in another organization.
func (s *Server) Move(id, org int64) { s.mu.Lock(); s.moved[id] = org; s.mu.Unlock() }

// Contact sets a device's last contact (epoch seconds).
func (s *Server) Contact(id int64, at float64) { s.mu.Lock(); s.contact[id] = at; s.mu.Unlock() }

// SetAlerts replaces the active alerts.
func (s *Server) SetAlerts(a ...Alert) { s.mu.Lock(); s.alerts = a; s.mu.Unlock() }

// Resets lists the alert uids reset through the API.
func (s *Server) Resets() []string { s.mu.Lock(); defer s.mu.Unlock(); return slices.Clone(s.resets) }

// Webhook returns the registered webhook configuration, if any.
func (s *Server) Webhook() *WebhookConfig { s.mu.Lock(); defer s.mu.Unlock(); return s.webhook }

// AuthorizationCode makes a code the token endpoint exchanges once, as the
// authorize page would after a user signed in.
func (s *Server) AuthorizationCode(redirectURI string) string {
	code := randomHex(8)
	s.mu.Lock()
	s.codes[code] = redirectURI
	s.mu.Unlock()
	return code
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Handler serves the fake under /v2 and /api/v2, the token endpoint under
// /ws/oauth/token and /oauth/token, and the authorize page.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, prefix := range []string{"", "/api"} {
		mux.HandleFunc("GET "+prefix+"/v2/organizations", s.api(s.organizations))
		mux.HandleFunc("GET "+prefix+"/v2/locations", s.api(s.locations))
		mux.HandleFunc("GET "+prefix+"/v2/devices-detailed", s.api(s.devices))
		mux.HandleFunc("GET "+prefix+"/v2/device/{id}", s.api(s.device))
		mux.HandleFunc("GET "+prefix+"/v2/queries/{report}", s.api(s.report))
		mux.HandleFunc("GET "+prefix+"/v2/alerts", s.api(s.listAlerts))
		mux.HandleFunc("POST "+prefix+"/v2/alert/{uid}/reset", s.api(s.resetAlert))
		mux.HandleFunc("PUT "+prefix+"/v2/webhook", s.api(s.putWebhook))
		mux.HandleFunc("DELETE "+prefix+"/v2/webhook", s.api(s.deleteWebhook))
	}
	mux.HandleFunc("POST /ws/oauth/token", s.token)
	mux.HandleFunc("POST /oauth/token", s.token)
	mux.HandleFunc("GET /ws/oauth/authorize", s.authorize)
	mux.HandleFunc("GET /oauth/authorize", s.authorize)
	return mux
}

// takeFault returns the fault for this answer, if any.
func (s *Server) takeFault() (Fault, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.fault == FaultNone || s.fault == FaultNotAdmin || s.faultLeft == 0 {
		return FaultNone, 0
	}
	if s.faultLeft > 0 {
		s.faultLeft--
	}
	return s.fault, s.Delay
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"resultCode": "FAILURE", "errorMessage": msg, "incidentId": randomHex(8)})
}

// api authenticates a request and applies faults.
func (s *Server) api(h func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, delay := s.takeFault()
		switch f {
		case FaultSlow:
			time.Sleep(delay)
		case Fault429:
			w.Header().Set("Retry-After", "1")
			apiError(w, http.StatusTooManyRequests, "Too many requests")
			return
		case Fault500:
			apiError(w, http.StatusInternalServerError, "Internal error")
			return
		case Fault401:
			apiError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		exp, ok := s.tokens[tok]
		s.mu.Unlock()
		if !ok || time.Now().After(exp) {
			apiError(w, http.StatusUnauthorized, "Invalid or expired token")
			return
		}
		if f == FaultMalformed && strings.Contains(r.URL.Path, "devices") {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`[{"id": 1, "organizationId": `))
			return
		}
		h(w, r)
	}
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	f, _ := s.takeFault()
	if f == Fault500 {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "server_error"})
		return
	}
	if f == Fault429 {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "too_many_requests"})
		return
	}
	r.ParseForm()
	if r.PostForm.Get("client_id") != ClientID || r.PostForm.Get("client_secret") != ClientSecret || f == FaultInvalidClient {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Invalid client credentials"})
		return
	}
	issueRefresh := false
	switch r.PostForm.Get("grant_type") {
	case "client_credentials":
		if strings.Contains(r.PostForm.Get("scope"), "offline_access") {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_scope", "error_description": "offline_access is not allowed for client credentials"})
			return
		}
	case "authorization_code":
		s.mu.Lock()
		redirect, ok := s.codes[r.PostForm.Get("code")]
		delete(s.codes, r.PostForm.Get("code"))
		s.mu.Unlock()
		if !ok || redirect != r.PostForm.Get("redirect_uri") {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "Invalid authorization code"})
			return
		}
		issueRefresh = true
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		s.mu.Lock()
		ok := s.refresh[rt] && f != FaultInvalidGrant
		delete(s.refresh, rt) // refresh tokens rotate: each works once
		s.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "Invalid refresh token"})
			return
		}
		issueRefresh = true
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	access := randomHex(16)
	ans := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 3600, "scope": "monitoring management"}
	s.mu.Lock()
	s.tokens[access] = time.Now().Add(s.tokenTTL)
	s.tokenIssues++
	if issueRefresh {
		rt := randomHex(16)
		s.refresh[rt] = true
		ans["refresh_token"] = rt
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, ans)
}

// authorize is the sign-in page: the fake signs in at once and redirects
// back with a code and the state.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != ClientID || q.Get("response_type") != "code" || q.Get("redirect_uri") == "" {
		http.Error(w, "invalid authorization request", http.StatusBadRequest)
		return
	}
	code := s.AuthorizationCode(q.Get("redirect_uri"))
	http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+q.Get("state"), http.StatusFound)
}

func atoi(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

func (s *Server) organizations(w http.ResponseWriter, r *http.Request) {
	size, after := atoi(r.URL.Query().Get("pageSize"), 1000), atoi(r.URL.Query().Get("after"), 0)
	out := []map[string]any{}
	for id := after + 1; id <= s.Orgs && len(out) < size; id++ {
		out = append(out, map[string]any{"id": id, "name": fmt.Sprintf("Org %d", id), "description": "", "nodeApprovalMode": "AUTOMATIC"})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) locations(w http.ResponseWriter, r *http.Request) {
	size, after := atoi(r.URL.Query().Get("pageSize"), 1000), atoi(r.URL.Query().Get("after"), 0)
	out := []map[string]any{}
	for id := after + 1; id <= 2*s.Orgs && len(out) < size; id++ {
		out = append(out, map[string]any{"id": id, "name": fmt.Sprintf("Site %d", id), "organizationId": (id-1)/2 + 1})
	}
	writeJSON(w, http.StatusOK, out)
}

var (
	orgFilter = regexp.MustCompile(`^org eq (\d+)$`)
	idFilter  = regexp.MustCompile(`^id in \(([\d,]+)\)$`)
)

// filter parses the df clauses the fake understands.
func filter(df string) (org int64, ids map[int64]bool, err error) {
	df = strings.TrimSpace(df)
	if df == "" {
		return 0, nil, nil
	}
	if m := orgFilter.FindStringSubmatch(df); m != nil {
		org, _ = strconv.ParseInt(m[1], 10, 64)
		return org, nil, nil
	}
	if m := idFilter.FindStringSubmatch(df); m != nil {
		ids = map[int64]bool{}
		for _, p := range strings.Split(m[1], ",") {
			id, _ := strconv.ParseInt(p, 10, 64)
			ids[id] = true
		}
		return 0, ids, nil
	}
	return 0, nil, fmt.Errorf("unsupported df %q", df)
}

// orgOf is a device's organization.
func (s *Server) orgOf(id int64) int64 {
	if o, ok := s.moved[id]; ok {
		return o
	}
	return (id-1)%int64(s.Orgs) + 1
}

func (s *Server) devices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, after := atoi(q.Get("pageSize"), 1000), int64(atoi(q.Get("after"), 0))
	org, ids, err := filter(q.Get("df"))
	if err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for id := after + 1; id <= int64(s.Devices) && len(out) < size; id++ {
		if s.deleted[id] || (org != 0 && s.orgOf(id) != org) || (ids != nil && !ids[id]) {
			continue
		}
		out = append(out, s.deviceJSON(id))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) device(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > int64(s.Devices) || s.deleted[id] {
		apiError(w, http.StatusNotFound, "Device not found")
		return
	}
	writeJSON(w, http.StatusOK, s.deviceJSON(id))
}

// classes cycles the node classes of generated devices.
var classes = []string{"WINDOWS_WORKSTATION", "WINDOWS_WORKSTATION", "WINDOWS_WORKSTATION", "MAC", "WINDOWS_SERVER", "LINUX_SERVER",
	"VMWARE_VM_GUEST", "NMS_SWITCH", "NMS_PRINTER", "APPLE_IOS", "LINUX_WORKSTATION", "WINDOWS_WORKSTATION"}

// deviceJSON generates device id's detailed JSON (ninjaone.md §6.3);
// s.mu is held.
func (s *Server) deviceJSON(id int64) map[string]any {
	class := classes[id%int64(len(classes))]
	now := float64(s.Now.Unix())
	contact := now - 3600 - float64(id%600) - 0.512 // an hour ago, give or take
	if c, ok := s.contact[id]; ok {
		contact = c
	}
	name := fmt.Sprintf("HOST-%06d", id)
	d := map[string]any{
		"id": id, "uid": fmt.Sprintf("6f1c0b7e-0000-4c7a-9a51-%012d", id), "organizationId": s.orgOf(id),
		"locationId": (s.orgOf(id)-1)*2 + 1 + id%2, "nodeClass": class, "approvalStatus": "APPROVED",
		"offline": id%17 == 0, "displayName": name, "systemName": name, "dnsName": strings.ToLower(name) + ".corp.local",
		"created": 1704067200.0, "lastContact": contact, "lastUpdate": contact - 30, "tags": []string{},
		"ipAddresses":  []string{"fe80::1", fmt.Sprintf("10.%d.%d.%d", id>>16&255, id>>8&255, id&255)},
		"macAddresses": []string{fmt.Sprintf("00:15:5D:%02X:%02X:%02X", id>>16&255, id>>8&255, id&255)},
		"publicIP":     "203.0.113.10",
	}
	if id%41 == 0 {
		d["approvalStatus"] = "PENDING"
	}
	if id%29 == 0 {
		d["displayName"] = ""
	}
	switch class {
	case "NMS_SWITCH", "NMS_PRINTER":
		d["deviceType"] = "UnmanagedDevice"
		delete(d, "lastContact")
	case "APPLE_IOS":
		d["deviceType"] = "MdmDevice"
		d["system"] = map[string]any{"name": name, "manufacturer": "Apple", "model": "iPhone 15", "serialNumber": fmt.Sprintf("F2L%07d", id)}
		d["network"] = []map[string]any{{"imei": fmt.Sprintf("35%013d", id), "phoneNumber": "+15550100", "carrier": "Carrier"}}
	default:
		d["deviceType"] = "AgentDevice"
		osName := map[string]string{"MAC": "macOS Sonoma", "LINUX_SERVER": "Ubuntu 22.04.4 LTS", "LINUX_WORKSTATION": "Debian 12", "WINDOWS_SERVER": "Windows Server 2022 Standard"}[class]
		if osName == "" {
			osName = "Windows 11 Pro"
		}
		d["os"] = map[string]any{"manufacturer": "Microsoft Corporation", "name": osName, "architecture": "64-bit", "lastBootTime": now - 86400 - float64(id%3600),
			"buildNumber": "22631", "releaseId": "23H2", "needsReboot": id%5 == 0, "locale": "en-US"}
		serial := fmt.Sprintf("SN%08d", id)
		if id%13 == 0 {
			serial = "To Be Filled By O.E.M."
		}
		d["system"] = map[string]any{"name": name, "manufacturer": "Dell Inc.", "model": "OptiPlex 7090", "serialNumber": serial,
			"biosSerialNumber": fmt.Sprintf("BIOS%08d", id), "domain": "corp.local", "virtualMachine": class == "VMWARE_VM_GUEST",
			"totalPhysicalMemory": int64(17179869184), "chassisType": "DESKTOP"}
		d["memory"] = map[string]any{"capacity": int64(17179869184)}
		d["processors"] = []map[string]any{{"name": "Intel(R) Core(TM) i7-11700 @ 2.50GHz", "numCores": 8, "numLogicalCores": 16, "architecture": "x64"}}
		d["volumes"] = []map[string]any{{"name": "C:", "driveLetter": "C:", "fileSystem": "NTFS", "capacity": int64(511101108224), "freeSpace": int64(300000000000)}}
		d["lastLoggedInUser"] = fmt.Sprintf("CORP\\user%d", id)
	}
	return d
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	_, ids, err := filter(q.Get("df"))
	if err != nil || ids == nil {
		apiError(w, http.StatusBadRequest, "this fake reads reports by df=id in (...)")
		return
	}
	size, offset := atoi(q.Get("pageSize"), 1000), atoi(strings.TrimPrefix(q.Get("cursor"), "c"), 0)
	var sorted []int64
	for id := range ids {
		sorted = append(sorted, id)
	}
	slices.Sort(sorted)
	rows := []map[string]any{}
	for i := offset; i < len(sorted) && len(rows) < size; i++ {
		id := sorted[i]
		if id < 1 || id > int64(s.Devices) {
			continue
		}
		switch r.PathValue("report") {
		case "device-health":
			rows = append(rows, map[string]any{"deviceId": id, "healthStatus": "HEALTHY", "pendingOSPatchesCount": id % 4, "failedOSPatchesCount": id % 2,
				"pendingSoftwarePatchesCount": id % 3, "failedSoftwarePatchesCount": 0, "offline": id%17 == 0})
		case "antivirus-status":
			if id%7 == 0 {
				continue // no antivirus
			}
			state, defs := "ON", "UP_TO_DATE"
			if id%11 == 0 {
				defs = "OUT_OF_DATE"
			}
			rows = append(rows, map[string]any{"deviceId": id, "productName": "Microsoft Defender Antivirus", "productState": state, "definitionStatus": defs, "version": "4.18"})
		default:
			apiError(w, http.StatusNotFound, "unknown report")
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"cursor": map[string]any{"name": fmt.Sprintf("c%d", offset+size), "offset": offset, "count": len(rows)}, "results": rows})
}

func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Alert{}
	out = append(out, s.alerts...)
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) resetAlert(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resets = append(s.resets, uid)
	s.alerts = slices.DeleteFunc(s.alerts, func(a Alert) bool { return a.UID == uid })
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) notAdmin(w http.ResponseWriter) bool {
	s.mu.Lock()
	f := s.fault
	s.mu.Unlock()
	if f == FaultNotAdmin {
		apiError(w, http.StatusForbidden, "Only system administrators can configure webhooks")
		return true
	}
	return false
}

// Send posts an activity to the registered webhook with its headers, as
// NinjaOne delivers; it returns the receiver's status code.
func (s *Server) Send(activity map[string]any) (int, error) {
	c := s.Webhook()
	if c == nil {
		return 0, fmt.Errorf("no webhook is registered")
	}
	headers := map[string]string{}
	for _, h := range c.Headers {
		headers[h.Name] = h.Value
	}
	return send(c.URL, headers, activity)
}

// Post delivers an activity to url with headers, as a registered webhook
// would; an answer other than 200 is an error.
func Post(url string, headers map[string]string, activity map[string]any) error {
	code, err := send(url, headers, activity)
	if err == nil && code != http.StatusOK {
		err = fmt.Errorf("the receiver answered HTTP %d", code)
	}
	return err
}

func send(url string, headers map[string]string, activity map[string]any) (int, error) {
	body, _ := json.Marshal(activity)
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(string(body)))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

func (s *Server) putWebhook(w http.ResponseWriter, r *http.Request) {
	if s.notAdmin(w) {
		return
	}
	var c WebhookConfig
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.URL == "" {
		apiError(w, http.StatusBadRequest, "invalid webhook configuration")
		return
	}
	s.mu.Lock()
	s.webhook = &c
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	if s.notAdmin(w) {
		return
	}
	s.mu.Lock()
	s.webhook = nil
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
