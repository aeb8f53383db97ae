package tacticalrmm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// alertJSON is a Tactical alert (tacticalrmm.md §8).
type alertJSON struct {
	ID        int64   `json:"id"`
	Agent     *int64  `json:"agent"`
	AlertType string  `json:"alert_type"`
	Message   string  `json:"message"`
	AlertTime *string `json:"alert_time"`
	Severity  string  `json:"severity"`
	Resolved  bool    `json:"resolved"`
	Hostname  string  `json:"hostname"`
	AgentID   string  `json:"agent_id"`
}

// severity is the one mapping of Tactical severities, for polls and
// webhooks alike.
func severity(s string) rmm.Severity {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return rmm.SeverityCritical
	case "warning":
		return rmm.SeverityModerate
	case "info":
		return rmm.SeverityMinor
	}
	return rmm.SeverityNone
}

// seriesKey is "<agent>|<alert type>:<alert id>", the same for polls and
// webhooks (a URL action cannot name the check): Tactical makes one alert
// per failing check, task or outage, and its id is what a resolve names.
func seriesKey(agentID, alertType, alertID string) string {
	return agentOr(agentID) + "|" + orText(alertType, "alert") + ":" + alertID
}

// ActiveAlerts implements rmm.AlertLister: PATCH /alerts/ with the filter
// for unresolved, unsnoozed alerts (GET answers 405).
func (s *Session) ActiveAlerts(ctx context.Context) ([]rmm.Alert, error) {
	var list []alertJSON
	if err := s.c.call(ctx, http.MethodPatch, "/alerts/", nil, map[string]any{"resolvedFilter": false, "snoozedFilter": false}, &list); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	out := make([]rmm.Alert, 0, len(list))
	for _, a := range list {
		if a.Resolved {
			continue
		}
		at, ok := parseTime(a.AlertTime)
		if !ok {
			at = now
		}
		id := strconv.FormatInt(a.ID, 10)
		out = append(out, rmm.Alert{ExternalID: id, SeriesKey: seriesKey(a.AgentID, a.AlertType, id),
			DeviceID: a.AgentID, DeviceName: a.Hostname, Severity: severity(a.Severity), Class: a.AlertType, Source: "tacticalrmm",
			Message: a.Message, State: rmm.AlertTriggered, OccurredAt: at})
	}
	return out, nil
}

// ResolveAlert implements rmm.AlertResolver: PUT /alerts/{id}/.
func (s *Session) ResolveAlert(ctx context.Context, externalID string) error {
	if _, err := strconv.ParseInt(externalID, 10, 64); err != nil {
		return rmm.Errorf(rmm.ErrNotFound, "tacticalrmm: %q is not an alert id", externalID)
	}
	return s.c.call(ctx, http.MethodPut, "/alerts/"+externalID+"/", nil, map[string]string{"type": "resolve"}, nil)
}

// WebhookHeader implements rmm.Webhooks: the header the URL action's
// headers template carries.
func (p *Provider) WebhookHeader() string { return "X-Webhook-Secret" }

// URLActionBody is the body template to paste into Tactical's URL action
// (the resolve action sends "resolve" as the event).
const URLActionBody = `{"event":"trigger","agent_id":"{{agent.agent_id}}","alert_id":"{{alert.id}}","alert_type":"{{alert.alert_type}}","severity":"{{alert.severity}}","message":"{{alert.message}}","alert_time":"{{alert.alert_time}}","client_id":"{{client.id}}","site_id":"{{site.id}}","hostname":"{{agent.hostname}}"}`

// WebhookBody implements rmm.WebhookTemplate: the URL action's body (for
// the resolve action, change "trigger" to "resolve").
func (p *Provider) WebhookBody() string { return URLActionBody }

// fieldPattern finds "key": "value" (or a bare value) in a body that is not
// valid JSON: Tactical inserts values unescaped.
var fieldPattern = regexp.MustCompile(`"(event|agent_id|alert_id|alert_type|severity|alert_time|hostname)"\s*:\s*"?([^",}]*)"?`)

// ParseWebhook implements rmm.Webhooks for URL-action deliveries. It
// tolerates Tactical's templating: any or no Content-Type, "None" for
// empty values, numbers as strings, Python datetimes, and a body that is
// a JSON string holding broken JSON (an unescaped quote in a message),
// from which the ids are recovered.
func (p *Provider) ParseWebhook(header http.Header, body []byte) (rmm.Parsed, error) {
	fields := map[string]string{}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		var inner string
		if json.Unmarshal(body, &inner) == nil {
			body = []byte(inner) // Tactical sends a template that does not parse as a JSON string
			if json.Unmarshal(body, &obj) != nil {
				obj = nil
			}
		}
	}
	if obj != nil {
		for k, v := range obj {
			switch v := v.(type) {
			case string:
				fields[k] = v
			case float64:
				fields[k] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
	} else {
		for _, m := range fieldPattern.FindAllSubmatch(body, -1) {
			fields[string(m[1])] = strings.TrimSpace(string(m[2]))
		}
	}
	for k, v := range fields {
		if v == "None" || v == "null" {
			fields[k] = ""
		}
	}
	alertID, agentID := fields["alert_id"], fields["agent_id"]
	if alertID == "" && agentID == "" {
		return rmm.Parsed{}, fmt.Errorf("not a Tactical RMM URL action: no alert_id or agent_id (paste the body template rmmgraph shows)")
	}
	out := rmm.Parsed{}
	if alertID != "" {
		if _, err := strconv.ParseInt(alertID, 10, 64); err != nil {
			return rmm.Parsed{}, fmt.Errorf("alert_id %q is not a number", alertID)
		}
		state := rmm.AlertTriggered
		switch strings.ToLower(fields["event"]) {
		case "resolve", "resolved":
			state = rmm.AlertReset
		}
		at := pythonTime(fields["alert_time"])
		if state == rmm.AlertReset || at.IsZero() {
			at = time.Now().UTC() // a resolve carries the trigger's time; it happens now
		}
		out.DeliveryID = fields["event"] + ":" + alertID
		out.Events = append(out.Events, rmm.Event{Kind: rmm.EventAlert, Alert: rmm.Alert{ExternalID: alertID,
			SeriesKey: seriesKey(agentID, fields["alert_type"], alertID), DeviceID: agentID, DeviceName: fields["hostname"],
			Severity: severity(fields["severity"]), Class: fields["alert_type"], Source: "tacticalrmm_webhook", Message: fields["message"],
			State: state, OccurredAt: at}})
	}
	if len(agentID) >= 21 {
		out.Events = append(out.Events, rmm.Event{Kind: rmm.EventDeviceChanged, DeviceID: agentID}) // best-effort refresh
	}
	return out, nil
}

func agentOr(id string) string {
	if id == "" {
		return "no-device"
	}
	return id
}

// pythonTime reads str(datetime) ("2026-02-13 18:25:43.511000+00:00") or ISO.
func pythonTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.999999-07:00", "2006-01-02 15:04:05-07:00", time.RFC3339Nano} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil && t.Year() >= 2000 {
			return t.UTC()
		}
	}
	return time.Time{}
}
