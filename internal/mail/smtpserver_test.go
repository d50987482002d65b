package mail_test

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// received is one message as the test SMTP server got it.
type received struct {
	from string
	to   []string
	data []byte
}

// smtpServer is an in-process SMTP server on 127.0.0.1 without TLS or
// authentication; rejectRcpt makes it refuse every recipient for good.
type smtpServer struct {
	addr       *net.TCPAddr
	rejectRcpt bool

	mu       sync.Mutex
	messages []received
}

func startSMTPServer(t *testing.T, rejectRcpt bool) *smtpServer {
	t.Helper()
	srv := &smtpServer{rejectRcpt: rejectRcpt}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &smtpSession{server: srv}, nil
	}))
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.addr = l.Addr().(*net.TCPAddr)
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return srv
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.messages...)
}

type smtpSession struct {
	server *smtpServer
	msg    received
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.msg.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.server.rejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: no such user"}
	}
	s.msg.to = append(s.msg.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = data
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	s.server.messages = append(s.server.messages, s.msg)
	return nil
}

func (s *smtpSession) Reset()        { s.msg = received{} }
func (s *smtpSession) Logout() error { return nil }
