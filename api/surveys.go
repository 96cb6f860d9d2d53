package api

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/tenants/authz"
)

type surveyView struct {
	Organization string    `json:"organization"`
	Ticket       string    `json:"ticket" example:"T-2026-000123"`
	Subject      string    `json:"subject"`
	ExpiresAt    time.Time `json:"expires_at"`
	Answered     bool      `json:"answered"`
	CSAT         int       `json:"csat,omitempty"`
}

type surveyTokenInput struct {
	Token string `path:"token" maxLength:"100"`
}

func (s *server) surveyRoutes(api huma.API) {
	handle(api, can(authz.CallbacksWrite), huma.Operation{
		OperationID: "create-survey-link", Method: http.MethodPost, Path: "/v1/callbacks/{id}/survey-link", Tags: []string{"Callbacks"},
		Summary:       "Issue a survey link",
		Description:   "A link the customer opens on a phone to rate the service 1–5; valid for 7 days, shown once.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct {
		Body struct {
			URL       string    `json:"url"`
			ExpiresAt time.Time `json:"expires_at"`
		}
	}, error) {
		token, exp, err := s.d.Callbacks.SurveyLink(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		out := &struct {
			Body struct {
				URL       string    `json:"url"`
				ExpiresAt time.Time `json:"expires_at"`
			}
		}{}
		out.Body.URL, out.Body.ExpiresAt = s.d.BaseURL+"/s/"+token, exp
		return out, nil
	})
	handle(api, public(), huma.Operation{
		OperationID: "get-public-survey", Method: http.MethodGet, Path: "/v1/public/surveys/{token}", Tags: []string{"Public"},
		Summary: "A customer survey", Description: "The satisfaction survey a customer opens from a callback's link; no sign-in, the token is the key. An expired or unknown token answers 404.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *surveyTokenInput) (*struct{ Body surveyView }, error) {
		sv, err := s.d.Callbacks.PublicSurvey(ctx, in.Token)
		if err != nil {
			return nil, err
		}
		return &struct{ Body surveyView }{Body: surveyView{Organization: sv.Organization, Ticket: sv.Ticket, Subject: sv.Subject,
			ExpiresAt: sv.ExpiresAt, Answered: sv.Answered, CSAT: sv.CSAT}}, nil
	})
	handle(api, public(), huma.Operation{
		OperationID: "answer-public-survey", Method: http.MethodPost, Path: "/v1/public/surveys/{token}", Tags: []string{"Public"},
		Summary: "Answer a customer survey", Description: "Once per link: CSAT 1–5 and an optional comment.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		Token string `path:"token" maxLength:"100"`
		Body  struct {
			CSAT    int    `json:"csat" minimum:"1" maximum:"5" example:"5"`
			Comment string `json:"comment,omitempty" maxLength:"2000" example:"处理很及时，谢谢"`
		}
	}) (*struct{}, error) {
		return nil, s.d.Callbacks.AnswerSurvey(ctx, in.Token, in.Body.CSAT, in.Body.Comment)
	})
}

// surveyPage is the page a customer opens from the link: a plain form that
// works on any phone without script.
func (s *server) surveyPage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	w.Header().Set("Cache-Control", "no-store")
	data := map[string]any{"Token": token}
	if r.Method == http.MethodPost {
		score, _ := strconv.Atoi(r.FormValue("csat"))
		if err := s.d.Callbacks.AnswerSurvey(r.Context(), token, score, r.FormValue("comment")); err != nil {
			data["Error"] = detailOf(r.Context(), err)
		} else {
			data["Thanks"] = true
		}
	}
	sv, err := s.d.Callbacks.PublicSurvey(r.Context(), token)
	if err != nil {
		w.WriteHeader(http.StatusNotFound)
		data["Error"] = detailOf(r.Context(), err)
	} else {
		data["Survey"] = sv
	}
	if err := surveyTemplate.Execute(w, data); err != nil {
		s.d.Log.Error("render survey", "err", err)
	}
}

// detailOf is the problem detail a person should read for err.
func detailOf(ctx context.Context, err error) string {
	if se, ok := problem(ctx, err).(huma.StatusError); ok {
		if m, ok := se.(*huma.ErrorModel); ok {
			return m.Detail
		}
	}
	return "something went wrong"
}

var surveyTemplate = template.Must(template.New("survey").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务满意度调查 / Satisfaction survey</title>
<style>body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:20px;max-width:480px;color:#1f2328}
h1{font-size:20px}fieldset{border:0;padding:0;display:flex;gap:8px;flex-wrap:wrap}label.s{flex:1;min-width:52px;text-align:center;border:1px solid #d0d7de;border-radius:8px;padding:10px 0}
textarea{width:100%;min-height:90px;box-sizing:border-box;margin-top:12px}button{margin-top:14px;width:100%;padding:12px;font-size:16px;background:#0969da;color:#fff;border:0;border-radius:8px}
.err{color:#cf222e}.ok{color:#1f883d}small{color:#59636e}</style></head><body>
{{if .Survey}}<h1>{{.Survey.Organization}}</h1><p>工单 / Ticket {{.Survey.Ticket}}：{{.Survey.Subject}}</p>{{end}}
{{if .Error}}<p class="err">{{.Error}}</p>{{end}}
{{if .Thanks}}<p class="ok">感谢您的评价！Thank you for your feedback!</p>
{{else if and .Survey (not .Survey.Answered)}}
<form method="post"><p>您对本次服务满意吗？How satisfied are you with our service?</p>
<fieldset>
<label class="s"><input type="radio" name="csat" value="1" required> 1</label><label class="s"><input type="radio" name="csat" value="2"> 2</label>
<label class="s"><input type="radio" name="csat" value="3"> 3</label><label class="s"><input type="radio" name="csat" value="4"> 4</label>
<label class="s"><input type="radio" name="csat" value="5"> 5</label></fieldset>
<small>1 = 非常不满意 very unsatisfied · 5 = 非常满意 very satisfied</small>
<textarea name="comment" maxlength="2000" placeholder="意见与建议（选填）/ Comments (optional)"></textarea>
<button type="submit">提交 / Submit</button></form>
{{else if .Survey}}<p class="ok">您已完成评价（{{.Survey.CSAT}} 分）。You have answered this survey.</p>{{end}}
</body></html>`))
