package callbacks

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"kefu/ent"
	"kefu/ent/callbackscript"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/fault"
)

// ScriptSpec is a script to create, or the fields to change.
type ScriptSpec struct {
	Name               *string
	Opening            *string
	Questions          *[]types.ScriptQuestion
	ClosingSatisfied   *string
	ClosingUnsatisfied *string
	IsDefault          *bool
}

var questionKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func checkScript(in ScriptSpec) error {
	var inv fault.Invalid
	for loc, v := range map[string]*string{"body.name": in.Name, "body.opening": in.Opening,
		"body.closing_satisfied": in.ClosingSatisfied, "body.closing_unsatisfied": in.ClosingUnsatisfied} {
		if v != nil && strings.TrimSpace(*v) == "" {
			inv.Fields = append(inv.Fields, fault.FieldError{Location: loc, Message: "must not be empty"})
		}
	}
	if in.Questions != nil {
		seen := map[string]bool{}
		for i, q := range *in.Questions {
			loc := fmt.Sprintf("body.questions[%d]", i)
			if !questionKey.MatchString(q.Key) || seen[q.Key] {
				inv.Fields = append(inv.Fields, fault.FieldError{Location: loc + ".key", Message: "must be a unique lower_snake_case key", Value: q.Key})
			}
			seen[q.Key] = true
			if strings.TrimSpace(q.Text) == "" {
				inv.Fields = append(inv.Fields, fault.FieldError{Location: loc + ".text", Message: "must not be empty"})
			}
			if q.Kind != "scale" && q.Kind != "yes_no" && q.Kind != "text" {
				inv.Fields = append(inv.Fields, fault.FieldError{Location: loc + ".kind", Message: "must be scale, yes_no or text", Value: q.Kind})
			}
		}
	}
	if len(inv.Fields) > 0 {
		return &inv
	}
	return nil
}

// CreateScript stores a script; a new default replaces the old default.
func (s *Service) CreateScript(ctx context.Context, in ScriptSpec) (*ent.CallbackScript, error) {
	for loc, v := range map[string]*string{"body.name": in.Name, "body.opening": in.Opening,
		"body.closing_satisfied": in.ClosingSatisfied, "body.closing_unsatisfied": in.ClosingUnsatisfied} {
		if v == nil {
			return nil, fault.Field(loc, "is required", nil)
		}
	}
	if err := checkScript(in); err != nil {
		return nil, err
	}
	var out *ent.CallbackScript
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if in.IsDefault != nil && *in.IsDefault {
			if err := tx.CallbackScript.Update().Where(callbackscript.IsDefault(true)).SetIsDefault(false).Exec(ctx); err != nil {
				return err
			}
		}
		c := tx.CallbackScript.Create().SetName(strings.TrimSpace(*in.Name)).SetOpening(*in.Opening).
			SetClosingSatisfied(*in.ClosingSatisfied).SetClosingUnsatisfied(*in.ClosingUnsatisfied).SetNillableIsDefault(in.IsDefault)
		if in.Questions != nil {
			c.SetQuestions(*in.Questions)
		}
		var err error
		out, err = c.Save(ctx)
		if ent.IsConstraintError(err) {
			return fault.Conflictf("a script named %s exists", *in.Name)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create callback script: %w", err)
	}
	return out, nil
}

// Scripts lists the tenant's scripts, default first.
func (s *Service) Scripts(ctx context.Context) ([]*ent.CallbackScript, error) {
	return s.db.CallbackScript.Query().Order(ent.Desc(callbackscript.FieldIsDefault), ent.Asc(callbackscript.FieldName)).All(ctx)
}

// DefaultScript is the script shown with every callback (nil if none).
func (s *Service) DefaultScript(ctx context.Context) (*ent.CallbackScript, error) {
	sc, err := s.db.CallbackScript.Query().Where(callbackscript.IsDefault(true)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return sc, err
}

// UpdateScript changes a script.
func (s *Service) UpdateScript(ctx context.Context, id string, in ScriptSpec) (*ent.CallbackScript, error) {
	if err := checkScript(in); err != nil {
		return nil, err
	}
	var out *ent.CallbackScript
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.CallbackScript.Get(ctx, id)
		if err != nil {
			if ent.IsNotFound(err) {
				return fault.NotFoundf("callback script %s", id)
			}
			return err
		}
		if in.IsDefault != nil && *in.IsDefault {
			if err := tx.CallbackScript.Update().Where(callbackscript.IsDefault(true)).SetIsDefault(false).Exec(ctx); err != nil {
				return err
			}
		}
		upd := tx.CallbackScript.UpdateOne(cur).SetNillableOpening(in.Opening).SetNillableClosingSatisfied(in.ClosingSatisfied).
			SetNillableClosingUnsatisfied(in.ClosingUnsatisfied).SetNillableIsDefault(in.IsDefault)
		if in.Name != nil {
			upd.SetName(strings.TrimSpace(*in.Name))
		}
		if in.Questions != nil {
			upd.SetQuestions(*in.Questions)
		}
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update callback script %s: %w", id, err)
	}
	return out, nil
}

// DefaultScriptFor is the script a new tenant starts with (zh-CN or en).
func DefaultScriptFor(locale string) ScriptSpec {
	yes := true
	if locale == "en" {
		name, open := "Standard callback", "Hello, this is {{org}} calling about your request {{ticket}}. Do you have a minute?"
		sat, unsat := "Thank you for your time and your trust. Have a good day!", "We are sorry it is not resolved. We will follow up right away and call you back."
		q := []types.ScriptQuestion{{Key: "resolved", Text: "Has your request been resolved?", Kind: "yes_no"},
			{Key: "satisfaction", Text: "How satisfied are you with our service, from 1 to 5?", Kind: "scale"},
			{Key: "suggestions", Text: "Is there anything we could do better?", Kind: "text"}}
		return ScriptSpec{Name: &name, Opening: &open, Questions: &q, ClosingSatisfied: &sat, ClosingUnsatisfied: &unsat, IsDefault: &yes}
	}
	name, open := "标准回访", "您好，这里是{{org}}，就您反映的{{ticket}}事项做一次回访，打扰您一分钟可以吗？"
	sat, unsat := "感谢您的支持与配合，祝您生活愉快！", "非常抱歉问题尚未解决，我们会立即跟进处理并再次与您联系。"
	q := []types.ScriptQuestion{{Key: "resolved", Text: "您反映的问题是否已经解决？", Kind: "yes_no"},
		{Key: "satisfaction", Text: "您对我们的服务满意吗？请打 1–5 分。", Kind: "scale"},
		{Key: "suggestions", Text: "您对我们的工作还有什么意见或建议？", Kind: "text"}}
	return ScriptSpec{Name: &name, Opening: &open, Questions: &q, ClosingSatisfied: &sat, ClosingUnsatisfied: &unsat, IsDefault: &yes}
}
