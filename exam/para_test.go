package exam

import (
	"strings"
	"testing"
)

func TestPara2_AdmissionNeedsEverySeminarDay(t *testing.T) {
	t.Run("missing day is named", func(t *testing.T) {
		b := newFile()
		b.f.Facts = append(b.f.Facts[:2], b.f.Facts[3:]...) // drop 08.10.2025
		b.register("K1", "2025-10-20", "2025-11-14")
		s := b.eval(t, "2025-10-21")
		b.expectLast(t, s, "§2(1)")
		if r, _ := b.lastRefusal(s); !strings.Contains(r.Reason, "08.10.2025") || s.Admission.Granted {
			t.Fatalf("%+v %+v", r, s.Admission)
		}
	})
	t.Run("online day needs camera presence", func(t *testing.T) {
		b := newFile()
		b.f.Seminar.Days[3].Online = true
		b.f.Facts[3].has.camera = true // 09.10.2025, camera not confirmed
		b.f.Facts = append([]Fact{{Type: FactOnlineNoticeGiven, Date: d("2025-09-15")}}, b.f.Facts...)
		s := b.eval(t, "2025-10-21")
		if len(s.Refused) != 1 || s.Refused[0].Paragraph != "§2(1)" || s.Admission.Granted {
			t.Fatalf("%+v %+v", s.Refused, s.Admission)
		}
		b.f.Facts[4].CameraConfirmed = true
		if s := b.eval(t, "2025-10-21"); !s.Admission.Granted {
			t.Fatalf("%+v", s.Admission)
		}
	})
	t.Run("online participants told in writing by the first online day", func(t *testing.T) {
		b := newFile()
		b.f.Seminar.Days[3].Online = true
		b.f.Facts[3].has.camera, b.f.Facts[3].CameraConfirmed = true, true
		if s := b.eval(t, "2025-10-21"); s.Admission.Granted || !strings.Contains(s.Admission.Reason, "Hinweis") {
			t.Fatalf("no notice: %+v", s.Admission)
		}
		for _, tc := range []struct {
			on string
			ok bool
		}{{"2025-10-09", true}, {"2025-10-10", false}} {
			c := newFile()
			c.f.Seminar.Days[3].Online = true
			c.f.Facts[3].has.camera, c.f.Facts[3].CameraConfirmed = true, true
			c.f.Facts = append(c.f.Facts[:4], append([]Fact{{Type: FactOnlineNoticeGiven, Date: d(tc.on)}}, c.f.Facts[4:]...)...)
			if s := c.eval(t, "2025-10-21"); s.Admission.Granted != tc.ok {
				t.Errorf("notice on %s: %+v", tc.on, s.Admission)
			}
		}
	})
}

func TestPara2_NoGradingBeforeTheFeeIsPaid(t *testing.T) {
	b := newFile()
	b.f.Facts = b.f.Facts[:len(b.f.Facts)-1] // no exam fee
	b.register("K2", "2025-10-20", "2025-11-14").grade("K2", "2025-11-20", "2025-11-14", Grade20)
	s := b.eval(t, "2025-11-21")
	b.expectLast(t, s, "§2(3)")
	// Paid on the exam day: allowed; the day after: refused.
	for _, tc := range []struct {
		paid, want string
	}{{"2025-11-14", ""}, {"2025-11-15", "§2(3)"}} {
		c := newFile()
		c.f.Facts = c.f.Facts[:len(c.f.Facts)-1]
		c.register("K2", "2025-10-20", "2025-11-14").add(Fact{Type: FactFeePaid, Date: d(tc.paid), Fee: "exam"}).
			grade("K2", "2025-11-20", "2025-11-14", Grade20)
		c.expectLast(t, c.eval(t, "2025-11-21"), tc.want)
	}
	// A retake needs its own retake fee (§2(2) sentence 3).
	c := newFile().failK1().announce("K1", "2025-12-05", "2026-02-13").register("K1", "2026-01-09", "2026-02-13").
		grade("K1", "2026-02-20", "2026-02-13", Grade20)
	c.expectLast(t, c.eval(t, "2026-02-21"), "§2(3)")
}

func TestPara3_ExamDatesAnnouncedFourWeeksAhead(t *testing.T) {
	for _, tc := range []struct {
		exam, want string
	}{
		{"2025-11-13", ""},      // 16.10. + 4 weeks: the last allowed day
		{"2025-11-12", "§3(3)"}, // one day short
	} {
		b := newFile().announce("K2", "2025-10-16", tc.exam)
		b.expectLast(t, b.eval(t, "2025-10-17"), tc.want)
	}
	// Registering for a date never announced is refused.
	b := newFile().register("K2", "2025-10-20", "2025-11-21")
	b.expectLast(t, b.eval(t, "2025-10-21"), "§3(3)")
}

func TestPara3_SubstituteExaminerAndEquivalentPerformance(t *testing.T) {
	b := newFile().register("K2", "2025-10-20", "2025-11-14").
		board("2025-11-01", MotionNameSubstituteExaminer, Fact{Component: "K2", Examiner: "Dr. Ersatz"}).
		board("2025-11-10", MotionRecogniseEquivalent, Fact{Component: "K2", ExamDate: d("2025-11-14")})
	s := b.eval(t, "2025-11-15")
	c := component(t, s, "K2")
	if c.Examiner != "Dr. Ersatz" || !c.Attempts[0].Equivalent || len(s.Refused) != 0 {
		t.Fatalf("%+v %+v", c, s.Refused)
	}
}

func TestPara5_ComponentPassedAtFourPointZero(t *testing.T) {
	for _, tc := range []struct {
		g    Grade
		want ComponentStatus
	}{{Grade40, StatusPassed}, {Grade37, StatusPassed}, {Grade50, StatusFailedRetakePossible}} {
		s := newFile().register("K2", "2025-10-20", "2025-11-14").grade("K2", "2025-11-20", "2025-11-14", tc.g).
			on(FactResultAnnounced, "K2", "2025-12-01", "2025-11-14").eval(t, "2025-12-02")
		if c := component(t, s, "K2"); c.Status != tc.want {
			t.Errorf("%s: %s", tc.g, c.Status)
		}
	}
}

func TestPara5_FailedAttemptsNeverEnterTheOverallGrade(t *testing.T) {
	b := newFile().register("K2", "2025-10-20", "2025-11-14").failK1().grade("K2", "2025-12-01", "2025-11-14", Grade10).
		announce("K1", "2025-12-05", "2026-02-13").fee("K1", "2026-01-09").register("K1", "2026-01-09", "2026-02-13").
		grade("K1", "2026-02-20", "2026-02-13", Grade20)
	s := b.eval(t, "2026-03-01")
	// K1's retake has both parts at 2,0: exact 2,0. (2,0 + 1,0)/2 = 1,5 →
	// 1,7; the failed 5,0 plays no part.
	if s.Overall.Status != OverallPassed || s.Overall.Grade != "1,7" || component(t, s, "K1").Grade != "2,0" {
		t.Fatalf("%+v", s.Overall)
	}
}

func TestPara6_RetakeWithinOneYearOfTheResult(t *testing.T) {
	// Result 01.12.2025 → the retake must take place by 01.12.2026. The
	// entitlement is extended (§7(2)) so §7 does not decide first.
	for _, tc := range []struct {
		exam, want string
	}{{"2026-12-01", ""}, {"2026-12-02", "§6(1)"}} {
		b := newFile().failK1().
			board("2026-01-05", MotionExtendEntitlement, Fact{Until: d("2027-06-30")}).
			announce("K1", "2026-10-01", tc.exam).fee("K1", "2026-10-02").register("K1", "2026-10-02", tc.exam)
		b.expectLast(t, b.eval(t, "2026-10-03"), tc.want)
	}
	// After the window has passed without a retake, the component is finally failed.
	s := newFile().failK1().board("2026-01-05", MotionExtendEntitlement, Fact{Until: d("2027-06-30")}).eval(t, "2026-12-02")
	if c := component(t, s, "K1"); c.Status != StatusFailedFinally || c.Paragraph != "§6(1)" {
		t.Fatalf("%+v", c)
	}
	if s.Overall.Status != OverallFailedFinally {
		t.Fatalf("%+v", s.Overall)
	}
}

func TestPara6_SecondRetakeOnlyAfterHardship(t *testing.T) {
	base := func() *fileBuilder {
		return newFile().failK1Twice().announce("K1", "2026-03-02", "2026-05-15")
	}
	b := base().register("K1", "2026-03-03", "2026-05-15")
	b.expectLast(t, b.eval(t, "2026-03-04"), "§6(2)")

	b = base().add(Fact{Type: FactHardshipApplied, Date: d("2026-03-20"), Component: "K1"}).
		board("2026-04-10", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: Findings{true, true}}).
		fee("K1", "2026-04-11").register("K1", "2026-04-11", "2026-05-15")
	s := b.eval(t, "2026-04-12")
	b.expectLast(t, s, "")
	if c := component(t, s, "K1"); c.Status != StatusOpen || c.RemainingAttempts != 0 || c.Attempts[2].Number != 3 {
		t.Fatalf("%+v", c)
	}
}

func TestPara6_HardshipApplicationCutOff(t *testing.T) {
	// Retake result announced Friday 27.02.2026: the application must be in
	// by Friday 27.03.2026 (Ausschlussfrist).
	for _, tc := range []struct {
		on, want string
	}{{"2026-03-27", ""}, {"2026-03-28", "§6(3)"}} {
		b := newFile().failK1Twice().add(Fact{Type: FactHardshipApplied, Date: d(tc.on), Component: "K1"})
		s := b.eval(t, tc.on)
		b.expectLast(t, s, tc.want)
		// A late application is recorded and rejected; approving it is refused.
		b.board("2026-04-10", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: Findings{true, true}})
		s = b.eval(t, "2026-04-11")
		b.expectLast(t, s, tc.want)
	}
	// Without an application the component is finally failed after the cut-off.
	s := newFile().failK1Twice().eval(t, "2026-03-28")
	if c := component(t, s, "K1"); c.Status != StatusFailedFinally {
		t.Fatalf("%+v", c)
	}
	s = newFile().failK1Twice().eval(t, "2026-03-27")
	if c := component(t, s, "K1"); c.Status != StatusFailedRetakePossible || s.Deadlines[0].Kind != Entitlement || s.Deadlines[1].Kind != HardshipCutoff {
		t.Fatalf("%+v %+v", c, s.Deadlines)
	}
}

func TestPara6_HardshipNeedsBothFindings(t *testing.T) {
	for _, tc := range []struct {
		f    Findings
		want string
	}{{Findings{true, true}, ""}, {Findings{true, false}, "§6(3)"}, {Findings{false, true}, "§6(3)"}} {
		b := newFile().failK1Twice().add(Fact{Type: FactHardshipApplied, Date: d("2026-03-02"), Component: "K1"}).
			board("2026-03-10", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: tc.f})
		b.expectLast(t, b.eval(t, "2026-03-11"), tc.want)
	}
}

func TestPara6_NoThirdRetake(t *testing.T) {
	b := newFile().failK1Twice().add(Fact{Type: FactHardshipApplied, Date: d("2026-03-02"), Component: "K1"}).
		board("2026-03-10", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: Findings{true, true}}).
		announce("K1", "2026-03-11", "2026-05-15").fee("K1", "2026-03-11").register("K1", "2026-03-11", "2026-05-15").
		grade("K1", "2026-05-20", "2026-05-15", Grade50).on(FactResultAnnounced, "K1", "2026-05-22", "2026-05-15").
		announce("K1", "2026-05-22", "2026-07-10")
	s := b.eval(t, "2026-05-23")
	if c := component(t, s, "K1"); c.Status != StatusFailedFinally || c.Paragraph != "§6(4)" || c.RemainingAttempts != 0 {
		t.Fatalf("%+v", c)
	}
	b.register("K1", "2026-05-25", "2026-07-10")
	// A fourth attempt can never be registered.
	s = b.eval(t, "2026-05-26")
	b.expectLast(t, s, "§6(4)")
	// Nor another component: the entitlement has lapsed (§7(1) Nr. 2).
	b.announce("K2", "2026-05-26", "2026-07-10").register("K2", "2026-05-26", "2026-07-10")
	b.expectLast(t, b.eval(t, "2026-05-26"), "§7(1) Nr. 2")
	b.add(Fact{Type: FactHardshipApplied, Date: d("2026-05-26"), Component: "K1"})
	b.expectLast(t, b.eval(t, "2026-05-26"), "§6(4)")
}

func TestPara6_PassedComponentCannotBeRetaken(t *testing.T) {
	b := newFile().register("K2", "2025-10-20", "2025-11-14").grade("K2", "2025-11-20", "2025-11-14", Grade37).
		on(FactResultAnnounced, "K2", "2025-12-01", "2025-11-14").announce("K2", "2025-12-05", "2026-02-13").
		register("K2", "2025-12-06", "2026-02-13")
	b.expectLast(t, b.eval(t, "2025-12-07"), "§6(5)")
}

func TestPara7_EntitlementLapsesOneYearAfterTheSeminar(t *testing.T) {
	// Seminar ends Friday 10.10.2025; 10.10.2026 is a Saturday → Monday 12.10.2026.
	for _, tc := range []struct {
		exam, want string
	}{{"2026-10-12", ""}, {"2026-10-13", "§7(1) Nr. 1"}} {
		b := newFile().announce("K2", "2026-09-01", tc.exam).register("K2", "2026-09-02", tc.exam)
		b.expectLast(t, b.eval(t, "2026-09-03"), tc.want)
	}
	for _, tc := range []struct {
		asOf string
		want OverallStatus
	}{{"2026-10-12", OverallInProgress}, {"2026-10-13", OverallLapsed}} {
		if s := newFile().eval(t, tc.asOf); s.Overall.Status != tc.want {
			t.Errorf("%s: %+v", tc.asOf, s.Overall)
		}
	}
	// An attempt on the last day whose result comes later keeps the exam in progress.
	s := newFile().announce("K2", "2026-09-01", "2026-10-12").register("K2", "2026-09-02", "2026-10-12").eval(t, "2026-10-20")
	if s.Overall.Status != OverallInProgress {
		t.Fatalf("%+v", s.Overall)
	}
}

func TestPara7_BoardMayExtendForHardship(t *testing.T) {
	b := newFile().add(Fact{Type: FactExtensionApplied, Date: d("2026-09-01")}).
		board("2026-09-15", MotionExtendEntitlement, Fact{Until: d("2027-03-31")}).
		announce("K2", "2026-09-16", "2026-11-20").register("K2", "2026-09-17", "2026-11-20")
	s := b.eval(t, "2026-10-20")
	b.expectLast(t, s, "")
	if s.Overall.Status != OverallInProgress || s.Overall.EntitlementLastDay != d("2027-03-31") {
		t.Fatalf("%+v", s.Overall)
	}
	// The extension must lie beyond the current end.
	c := newFile().board("2026-09-15", MotionExtendEntitlement, Fact{Until: d("2026-10-01")})
	c.expectLast(t, c.eval(t, "2026-09-16"), "§7(2)")
}

func TestPara8_CheatingAndDisorderCountAsFiveAndUseTheAttempt(t *testing.T) {
	for _, tc := range []struct {
		name string
		add  func(b *fileBuilder)
		para string
	}{
		{"§8(1) cheating found by the board", func(b *fileBuilder) {
			b.grade("K2", "2025-11-20", "2025-11-14", Grade13).
				board("2025-11-25", MotionFindCheating, Fact{Component: "K2", ExamDate: d("2025-11-14")})
		}, "§8(1)"},
		{"§8(2) disorder found by the examiner", func(b *fileBuilder) {
			b.on(FactDisorderFound, "K2", "2025-11-14", "2025-11-14")
		}, "§8(2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newFile().register("K2", "2025-10-20", "2025-11-14")
			tc.add(b)
			s := b.eval(t, "2025-11-26")
			c := component(t, s, "K2")
			a := c.Attempts[0]
			if a.Grade != "5,0" || !a.Counted || !strings.HasPrefix(a.Reason, tc.para) || c.RemainingAttempts != 1 || c.Status != StatusFailedRetakePossible {
				t.Fatalf("%+v", c)
			}
		})
	}
	// Once the certificate is out, cheating goes through §11(1).
	b := newFile().register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14").
		grade("K1", "2025-11-20", "2025-11-14", Grade20).grade("K2", "2025-11-20", "2025-11-14", Grade20).
		add(Fact{Type: FactCertificateIssued, Date: d("2025-12-15")}).
		board("2026-01-10", MotionFindCheating, Fact{Component: "K2", ExamDate: d("2025-11-14")})
	b.expectLast(t, b.eval(t, "2026-01-11"), "§11(1)")
}

func TestPara9_AbsenceReasonsCutOff(t *testing.T) {
	// Absent Friday 14.11.2025: reasons by Friday 12.12.2025 (Ausschlussfrist).
	for _, tc := range []struct {
		on, want string
	}{{"2025-12-12", ""}, {"2025-12-13", "§9(2)"}} {
		b := newFile().register("K2", "2025-10-20", "2025-11-14").on(FactAbsent, "K2", "2025-11-14", "2025-11-14").
			add(Fact{Type: FactReasonsSubmitted, Date: d(tc.on), Component: "K2", ExamDate: d("2025-11-14"), Illness: true, MedicalCertificate: true})
		s := b.eval(t, tc.on)
		b.expectLast(t, s, tc.want)
		a := component(t, s, "K2").Attempts[0]
		if tc.want == "" && (a.Status != "reasons_pending" || a.Counted) {
			t.Fatalf("pending reasons keep the attempt open: %+v", a)
		}
		if tc.want != "" && (a.Status != "failed" || a.Grade != "5,0") {
			t.Fatalf("late reasons: 5,0 stands: %+v", a)
		}
	}
	// No reasons: open until the cut-off, 5,0 the day after.
	b := newFile().register("K2", "2025-10-20", "2025-11-14").on(FactAbsent, "K2", "2025-11-14", "2025-11-14")
	if a := component(t, b.eval(t, "2025-12-12"), "K2").Attempts[0]; a.Status != "awaiting_reasons" || a.Counted {
		t.Fatalf("%+v", a)
	}
	if a := component(t, b.eval(t, "2025-12-13"), "K2").Attempts[0]; a.Status != "failed" || a.Grade != "5,0" {
		t.Fatalf("%+v", a)
	}
}

func TestPara9_BoardDecidesOnReasons(t *testing.T) {
	withdraw := func(illness, cert bool) *fileBuilder {
		return newFile().register("K2", "2025-10-20", "2025-11-14").on(FactWithdrew, "K2", "2025-11-10", "2025-11-14").
			add(Fact{Type: FactReasonsSubmitted, Date: d("2025-11-11"), Component: "K2", ExamDate: d("2025-11-14"), Illness: illness, MedicalCertificate: cert})
	}
	// Accepted: the attempt does not count; the next one is attempt 1 again.
	b := withdraw(true, true).board("2025-11-20", MotionAcceptReasons, Fact{Component: "K2", ExamDate: d("2025-11-14")})
	c := component(t, b.eval(t, "2025-11-21"), "K2")
	if c.Attempts[0].Status != "excused" || c.Attempts[0].Counted || c.RemainingAttempts != 2 || c.Status != StatusOpen {
		t.Fatalf("%+v", c)
	}
	// Illness without a medical certificate cannot be accepted.
	b = withdraw(true, false).board("2025-11-20", MotionAcceptReasons, Fact{Component: "K2", ExamDate: d("2025-11-14")})
	b.expectLast(t, b.eval(t, "2025-11-21"), "§9(2)")
	// Rejected (the candidate declared the reasons complete, so the board
	// need not wait for the cut-off): 5,0 stands and a written rejection is
	// due (§9(3)).
	b = withdraw(false, false).on(FactReasonsCompleted, "K2", "2025-11-12", "2025-11-14").
		board("2025-11-20", MotionAcceptReasons, Fact{Component: "K2", ExamDate: d("2025-11-14")})
	b.f.Facts[len(b.f.Facts)-1].Votes = Votes{Yes: 1, No: 3}
	s := b.eval(t, "2025-11-21")
	a := component(t, s, "K2").Attempts[0]
	if a.Grade != "5,0" || !a.RejectionLetterDue || !hasAction(s.BoardMay, "send_rejection_letter") {
		t.Fatalf("%+v %+v", a, s.BoardMay)
	}
	b.on(FactRejectionLetterSent, "K2", "2025-11-22", "2025-11-14")
	if s := b.eval(t, "2025-11-23"); hasAction(s.BoardMay, "send_rejection_letter") {
		t.Fatal("letter still due after it was sent")
	}
	// Withdrawal after the exam day is refused.
	b = newFile().register("K2", "2025-10-20", "2025-11-14").on(FactWithdrew, "K2", "2025-11-15", "2025-11-14")
	b.expectLast(t, b.eval(t, "2025-11-16"), "§9(1)")
}

func hasAction(as []Action, name string) bool {
	for _, a := range as {
		if a.Action == name {
			return true
		}
	}
	return false
}

func TestPara10_CertificateOnlyWhenAllPassed(t *testing.T) {
	b := newFile().register("K1", "2025-10-20", "2025-11-14").grade("K1", "2025-11-20", "2025-11-14", Grade20).
		add(Fact{Type: FactCertificateIssued, Date: d("2025-12-01")})
	b.expectLast(t, b.eval(t, "2025-12-02"), "§10(1)")
	b = newFile().register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14").
		grade("K1", "2025-11-20", "2025-11-14", Grade20).grade("K2", "2025-11-20", "2025-11-14", Grade30)
	if s := b.eval(t, "2025-11-21"); !hasAction(s.BoardMay, "issue_certificate") {
		t.Fatalf("%+v", s.BoardMay)
	}
	b.add(Fact{Type: FactCertificateIssued, Date: d("2025-12-01")})
	s := b.eval(t, "2025-12-02")
	b.expectLast(t, s, "")
	if s.Certificate == nil || s.Certificate.Status != "valid" {
		t.Fatalf("%+v", s.Certificate)
	}
}

func passedWithCertificate() *fileBuilder {
	return newFile().register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14").
		grade("K1", "2025-11-20", "2025-11-14", Grade20).grade("K2", "2025-11-20", "2025-11-14", Grade30).
		on(FactResultAnnounced, "K1", "2025-12-01", "2025-11-14").on(FactResultAnnounced, "K2", "2025-12-01", "2025-11-14").
		add(Fact{Type: FactCertificateIssued, Date: d("2025-12-15")})
}

func TestPara11_InvalidationNeedsHearingAndIsBarredAfterFiveYears(t *testing.T) {
	b := passedWithCertificate().board("2026-03-01", MotionInvalidateCertificate, Fact{Ground: "cheating"})
	b.expectLast(t, b.eval(t, "2026-03-02"), "§11(3)")

	// Certificate 15.12.2025: five years end Sunday 15.12.2030 → Monday 16.12.2030.
	for _, tc := range []struct {
		on, want string
	}{{"2030-12-16", ""}, {"2030-12-17", "§11(4)"}} {
		b := passedWithCertificate().add(Fact{Type: FactHearingHeld, Date: d("2030-12-01")}).
			board(tc.on, MotionInvalidateCertificate, Fact{Ground: "cheating"})
		s := b.eval(t, tc.on)
		b.expectLast(t, s, tc.want)
		if tc.want == "" && (s.Certificate.Status != "invalidated" || s.Overall.Status != OverallFailedFinally) {
			t.Fatalf("%+v %+v", s.Certificate, s.Overall)
		}
	}
}

func TestPara12_RetentionAndInspection(t *testing.T) {
	// Last performance 14.11.2025: kept until Sunday 14.11.2027, the last
	// day; §193 BGB does not move a period of keeping, so the papers may be
	// deleted from Monday 15.11.2027.
	for _, tc := range []struct {
		on, want string
	}{{"2027-11-14", "§12(1)"}, {"2027-11-15", ""}} {
		b := passedWithCertificate().add(Fact{Type: FactPapersDeleted, Date: d(tc.on)})
		b.expectLast(t, b.eval(t, tc.on), tc.want)
	}
	if s := passedWithCertificate().eval(t, "2027-11-14"); hasAction(s.BoardMay, "delete_papers") {
		t.Fatalf("deletion offered on the last day of retention: %+v", s.BoardMay)
	}
	if s := passedWithCertificate().eval(t, "2027-11-15"); !hasAction(s.BoardMay, "delete_papers") {
		t.Fatalf("%+v", s.BoardMay)
	}
	// Result 01.12.2025: inspection by Monday 29.12.2025.
	for _, tc := range []struct {
		on, want string
	}{{"2025-12-29", ""}, {"2025-12-30", "§12(2)"}} {
		b := newFile().register("K2", "2025-10-20", "2025-11-14").grade("K2", "2025-11-20", "2025-11-14", Grade30).
			on(FactResultAnnounced, "K2", "2025-12-01", "2025-11-14").on(FactInspectionRequested, "K2", tc.on, "2025-11-14")
		b.expectLast(t, b.eval(t, tc.on), tc.want)
	}
}

func TestEvaluate_FactsAfterAsOfAreLeftOut(t *testing.T) {
	b := passedWithCertificate()
	s := b.eval(t, "2025-11-20")
	if s.IgnoredFacts != 3 || s.Certificate != nil {
		t.Fatalf("%d %+v", s.IgnoredFacts, s.Certificate)
	}
}
