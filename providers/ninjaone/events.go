package ninjaone

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// activity is a NinjaOne activity: a webhook delivery's body (ninjaone.md
// §9.2, §10.2).
type activity struct {
	ID              int64          `json:"id"`
	ActivityTime    *float64       `json:"activityTime"`
	DeviceID        int64          `json:"deviceId"`
	Severity        string         `json:"severity"`
	Priority        string         `json:"priority"`
	SeriesUID       string         `json:"seriesUid"`
	ActivityType    string         `json:"activityType"`
	StatusCode      string         `json:"statusCode"`
	Status          string         `json:"status"`
	SourceConfigUID string         `json:"sourceConfigUid"`
	SourceName      string         `json:"sourceName"`
	Subject         string         `json:"subject"`
	Message         string         `json:"message"`
	Type            string         `json:"type"`
	Device          *device        `json:"device"`
	Data            map[string]any `json:"data"`
}

// alert is an active condition of GET /v2/alerts (ninjaone.md §9.1).
type alert struct {
	UID             string   `json:"uid"`
	DeviceID        int64    `json:"deviceId"`
	Message         string   `json:"message"`
	CreateTime      *float64 `json:"createTime"`
	UpdateTime      *float64 `json:"updateTime"`
	SourceType      string   `json:"sourceType"`
	SourceConfigUID string   `json:"sourceConfigUid"`
	SourceName      string   `json:"sourceName"`
	Subject         string   `json:"subject"`
	Priority        string   `json:"priority"`
	Severity        string   `json:"severity"`
	ConditionName   string   `json:"conditionName"`
	Device          *device  `json:"device"`
}

// WebhookHeader implements rmm.Webhooks: the header registered with
// NinjaOne's webhook configuration (`headers`), which it adds to every
// delivery.
func (p *Provider) WebhookHeader() string { return "X-Webhook-Secret" }

// Device lifecycle codes that mean "read the device again" (statusCode,
// ninjaone.md §9.3), and the one that means it is gone.
var changedCodes = map[string]bool{
	"NODE_CREATED": true, "NODE_UPDATED": true, "NODE_RE_ENROLLED": true, "NODE_IDENTIFICATION_UPDATED": true,
	"NODE_MANUALLY_APPROVED": true, "NODE_AUTOMATICALLY_APPROVED": true, "NODE_CLONING_DETECTED": true,
	"CPU_ADDED": true, "CPU_REMOVED": true, "MEMORY_ADDED": true, "MEMORY_REMOVED": true,
	"DISK_DRIVE_ADDED": true, "DISK_DRIVE_REMOVED": true, "DISK_VOLUME_ADDED": true, "DISK_VOLUME_REMOVED": true,
	"ADAPTER_ADDED": true, "ADAPTER_REMOVED": true, "SOFTWARE_ADDED": true, "SOFTWARE_REMOVED": true,
}

// ParseWebhook implements rmm.Webhooks. NinjaOne posts one activity per
// delivery; its id makes redeliveries recognizable.
func (p *Provider) ParseWebhook(header http.Header, body []byte) (rmm.Parsed, error) {
	var a activity
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&a); err != nil {
		return rmm.Parsed{}, fmt.Errorf("the body is not a NinjaOne activity: %v", err)
	}
	if a.ActivityType == "" && a.StatusCode == "" {
		return rmm.Parsed{}, fmt.Errorf("the body is not a NinjaOne activity: no activityType or statusCode")
	}
	out := rmm.Parsed{}
	if a.ID != 0 {
		out.DeliveryID = strconv.FormatInt(a.ID, 10)
	}
	device := ""
	if a.DeviceID != 0 {
		device = strconv.FormatInt(a.DeviceID, 10)
	}
	// Route on statusCode, which carries the code (defect 21 of the reference).
	switch {
	case a.ActivityType == "CONDITION" && (a.StatusCode == "TRIGGERED" || a.StatusCode == "RESET" || a.StatusCode == "ACKNOWLEDGED"):
		al, err := activityAlert(a)
		if err != nil {
			out.Events = append(out.Events, rmm.Event{Kind: rmm.EventIgnored, Reason: err.Error()})
			return out, nil
		}
		out.Events = append(out.Events, rmm.Event{Kind: rmm.EventAlert, Alert: al})
	case a.StatusCode == "NODE_DELETED" && device != "":
		out.Events = append(out.Events, rmm.Event{Kind: rmm.EventDeviceDeleted, DeviceID: device})
	case changedCodes[a.StatusCode] && device != "":
		out.Events = append(out.Events, rmm.Event{Kind: rmm.EventDeviceChanged, DeviceID: device})
	default:
		out.Events = append(out.Events, rmm.Event{Kind: rmm.EventIgnored, Reason: strings.TrimSpace(a.ActivityType + " " + a.StatusCode)})
	}
	return out, nil
}

func activityAlert(a activity) (rmm.Alert, error) {
	at, ok := epochSeconds(a.ActivityTime)
	if !ok {
		return rmm.Alert{}, fmt.Errorf("condition activity %d without a time", a.ID)
	}
	id := a.SeriesUID
	if id == "" {
		return rmm.Alert{}, fmt.Errorf("condition activity %d without a seriesUid", a.ID)
	}
	state := map[string]rmm.AlertState{"TRIGGERED": rmm.AlertTriggered, "RESET": rmm.AlertReset, "ACKNOWLEDGED": rmm.AlertAcknowledged}[a.StatusCode]
	out := rmm.Alert{ExternalID: id, Severity: severity(a.Severity), Priority: strings.ToLower(a.Priority), State: state, OccurredAt: at,
		Class: firstOf(a.SourceName, a.Type), Source: "condition", Activity: a.ActivityType, Message: firstOf(a.Message, a.Subject, a.Status),
		Raw: map[string]any{"activityId": a.ID, "statusCode": a.StatusCode, "sourceConfigUid": a.SourceConfigUID}}
	if a.DeviceID != 0 {
		out.DeviceID = strconv.FormatInt(a.DeviceID, 10)
	}
	if a.Device != nil {
		out.DeviceName = firstOf(a.Device.DisplayName, a.Device.SystemName)
	}
	out.SeriesKey = seriesKey(out.DeviceID, a.SourceConfigUID, id)
	return out, nil
}

// seriesKey is "<device or no-device>|<condition>": the condition's
// identity across its alerts.
func seriesKey(device, condition, series string) string {
	if device == "" {
		device = "no-device"
	}
	if condition == "" {
		condition = series
	}
	return device + "|" + condition
}

func severity(s string) rmm.Severity {
	switch strings.ToUpper(s) {
	case "CRITICAL":
		return rmm.SeverityCritical
	case "MAJOR":
		return rmm.SeverityMajor
	case "MODERATE":
		return rmm.SeverityModerate
	case "MINOR":
		return rmm.SeverityMinor
	}
	return rmm.SeverityNone
}

// ActiveAlerts implements rmm.AlertLister: GET /v2/alerts, which lists
// every active condition (it has no paging).
func (s *Session) ActiveAlerts(ctx context.Context) ([]rmm.Alert, error) {
	var list []alert
	if err := s.c.get(ctx, "/v2/alerts", nil, &list); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	out := make([]rmm.Alert, 0, len(list))
	for _, a := range list {
		if a.UID == "" {
			continue
		}
		at, ok := epochSeconds(a.CreateTime)
		if !ok {
			at = now
		}
		al := rmm.Alert{ExternalID: a.UID, Severity: severity(a.Severity), Priority: strings.ToLower(a.Priority), State: rmm.AlertTriggered,
			OccurredAt: at, Class: firstOf(a.SourceName, a.ConditionName, a.SourceType), Source: "condition", Activity: "CONDITION",
			Message: firstOf(a.Message, a.Subject), Raw: map[string]any{"sourceType": a.SourceType, "sourceConfigUid": a.SourceConfigUID}}
		if a.DeviceID != 0 {
			al.DeviceID = strconv.FormatInt(a.DeviceID, 10)
		}
		if a.Device != nil {
			al.DeviceName = firstOf(a.Device.DisplayName, a.Device.SystemName)
		}
		al.SeriesKey = seriesKey(al.DeviceID, a.SourceConfigUID, a.UID)
		out = append(out, al)
	}
	return out, nil
}

// ResolveAlert implements rmm.AlertResolver: POST /v2/alert/{uid}/reset.
func (s *Session) ResolveAlert(ctx context.Context, externalID string) error {
	return s.c.call(ctx, http.MethodPost, "/v2/alert/"+url.PathEscape(externalID)+"/reset", nil, map[string]any{}, nil)
}

// webhookConfig is PUT /v2/webhook's body (ninjaone.md §10.1).
type webhookConfig struct {
	URL        string              `json:"url"`
	Activities map[string][]string `json:"activities"`
	Expand     []string            `json:"expand"`
	Headers    []webhookHeader     `json:"headers"`
}

type webhookHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// activitiesWanted are the activity types rmmgraph registers for.
var activitiesWanted = map[string][]string{"CONDITION": {"*"}, "SYSTEM": {"*"}}

// RegisterWebhook implements rmm.WebhookRegistrar: PUT /v2/webhook, which
// replaces the API client app's one webhook configuration.
func (s *Session) RegisterWebhook(ctx context.Context, target, header, secret string) error {
	cfg := webhookConfig{URL: target, Activities: activitiesWanted, Expand: []string{"device"}, Headers: []webhookHeader{{Name: header, Value: secret}}}
	return adminOnly(s.c.call(ctx, http.MethodPut, "/v2/webhook", nil, cfg, nil), "register webhooks")
}

// UnregisterWebhook implements rmm.WebhookRegistrar: DELETE /v2/webhook.
func (s *Session) UnregisterWebhook(ctx context.Context) error {
	return adminOnly(s.c.call(ctx, http.MethodDelete, "/v2/webhook", nil, nil, nil), "remove webhooks")
}

// adminOnly explains NinjaOne's 403 for webhook configuration.
func adminOnly(err error, what string) error {
	var pe *rmm.Error
	if errors.As(err, &pe) && pe.Kind == rmm.ErrForbidden {
		return &rmm.Error{Kind: rmm.ErrForbidden, Detail: pe.Detail, Err: err,
			Message: "ninjaone: only a NinjaOne system administrator may " + what + ": authorize rmmgraph as an administrator (authorization code), or set the webhook up in NinjaOne by hand with the URL and header rmmgraph shows"}
	}
	return err
}
