package api

import (
	"html/template"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

type docOp struct {
	Method, Path, ID, Summary, Description string
	Auth                                   bool
	Params                                 []*huma.Param
	Body                                   []docField
	Responses                              []docResp
}

type docField struct {
	Name, Type, Doc string
	Required        bool
}

type docResp struct {
	Code, Description string
	Fields            []docField
}

type docTag struct {
	Name string
	Ops  []docOp
}

// renderDocs writes a self-contained HTML reference of the document.
func renderDocs(w io.Writer, oa *huma.OpenAPI) error {
	byTag := map[string][]docOp{}
	for path, item := range oa.Paths {
		for method, op := range map[string]*huma.Operation{
			"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete,
		} {
			if op == nil {
				continue
			}
			d := docOp{Method: method, Path: path, ID: op.OperationID, Summary: op.Summary,
				Description: op.Description, Auth: len(op.Security) > 0 && len(op.Security[0]) > 0, Params: op.Parameters}
			if op.RequestBody != nil {
				if mt := op.RequestBody.Content["application/json"]; mt != nil {
					d.Body = fieldsOf(oa, mt.Schema)
				}
			}
			for code, r := range op.Responses {
				dr := docResp{Code: code, Description: r.Description}
				if mt := r.Content["application/json"]; mt != nil {
					dr.Fields = fieldsOf(oa, mt.Schema)
				}
				d.Responses = append(d.Responses, dr)
			}
			sort.Slice(d.Responses, func(i, j int) bool { return d.Responses[i].Code < d.Responses[j].Code })
			tag := "Other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			byTag[tag] = append(byTag[tag], d)
		}
	}
	var tags []docTag
	for name, ops := range byTag {
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].Path != ops[j].Path {
				return ops[i].Path < ops[j].Path
			}
			return ops[i].Method < ops[j].Method
		})
		tags = append(tags, docTag{Name: name, Ops: ops})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
	return docsTemplate.Execute(w, map[string]any{"Info": oa.Info, "Tags": tags})
}

func fieldsOf(oa *huma.OpenAPI, s *huma.Schema) []docField {
	s = resolve(oa, s)
	if s == nil {
		return nil
	}
	var out []docField
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := s.Properties[n]
		out = append(out, docField{Name: n, Type: typeOf(oa, p), Doc: p.Description, Required: slices.Contains(s.Required, n)})
	}
	return out
}

func resolve(oa *huma.OpenAPI, s *huma.Schema) *huma.Schema {
	if s != nil && s.Ref != "" {
		return oa.Components.Schemas.SchemaFromRef(s.Ref)
	}
	return s
}

func typeOf(oa *huma.OpenAPI, s *huma.Schema) string {
	if s == nil {
		return ""
	}
	if s.Ref != "" {
		return s.Ref[strings.LastIndex(s.Ref, "/")+1:]
	}
	t := s.Type
	if t == "array" {
		return "array of " + typeOf(oa, s.Items)
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			if str, ok := v.(string); ok && str != "" {
				vals = append(vals, str)
			}
		}
		return t + " (" + strings.Join(vals, " | ") + ")"
	}
	if s.Format != "" {
		return t + " (" + s.Format + ")"
	}
	return t
}

var docsTemplate = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Info.Title}} reference</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;display:flex}
nav{width:260px;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f8fa;border-right:1px solid #d0d7de;padding:16px;box-sizing:border-box;flex:none}
nav a{display:block;color:#1f2328;text-decoration:none;font-size:13px;padding:2px 0}nav h3{margin:14px 0 4px;font-size:13px;text-transform:uppercase;color:#59636e}
main{padding:24px 40px;max-width:980px}section.op{border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0}
.m{display:inline-block;min-width:60px;text-align:center;font-weight:600;border-radius:4px;padding:1px 6px;color:#fff;font-size:12px;margin-right:8px}
.GET{background:#1f883d}.POST{background:#0969da}.PATCH{background:#9a6700}.DELETE{background:#cf222e}.PUT{background:#8250df}
code{background:#f6f8fa;padding:1px 4px;border-radius:4px}table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
td,th{border-bottom:1px solid #eaeef2;text-align:left;padding:4px 8px;vertical-align:top}.req{color:#cf222e}.lock{color:#59636e;font-size:12px}
p.desc{white-space:pre-line}
</style></head><body>
<nav><strong>{{.Info.Title}}</strong> <small>{{.Info.Version}}</small>
<p style="font-size:12px"><a href="/openapi.json">openapi.json</a> · <a href="/openapi.yaml">openapi.yaml</a></p>
{{range .Tags}}<h3>{{.Name}}</h3>{{range .Ops}}<a href="#{{.ID}}">{{.Method}} {{.Path}}</a>{{end}}{{end}}</nav>
<main><h1>{{.Info.Title}}</h1><p class="desc">{{.Info.Description}}</p>
{{range .Tags}}<h2>{{.Name}}</h2>{{range .Ops}}
<section class="op" id="{{.ID}}"><div><span class="m {{.Method}}">{{.Method}}</span><code>{{.Path}}</code>
{{if .Auth}}<span class="lock">· bearer token</span>{{end}}</div>
<h3>{{.Summary}}</h3>{{if .Description}}<p class="desc">{{.Description}}</p>{{end}}
{{if .Params}}<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code>{{if .Required}} <span class="req">*</span>{{end}}</td><td>{{.In}}</td><td>{{if .Schema}}{{.Schema.Type}}{{end}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<h4>Request body</h4><table><tr><th>field</th><th>type</th><th>description</th></tr>
{{range .Body}}<tr><td><code>{{.Name}}</code>{{if .Required}} <span class="req">*</span>{{end}}</td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
<h4>Responses</h4><table>{{range .Responses}}<tr><td><strong>{{.Code}}</strong></td><td>{{.Description}}
{{if .Fields}}<table>{{range .Fields}}<tr><td><code>{{.Name}}</code></td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}</td></tr>{{end}}</table>
</section>{{end}}{{end}}</main></body></html>`))
