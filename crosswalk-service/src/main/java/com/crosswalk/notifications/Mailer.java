package com.crosswalk.notifications;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail through Spring's mail support to the configured SMTP server ({@code spring.mail.host}, {@code .port},
 * {@code .username}, {@code .password}; in the demo the in-process GreenMail server). Without an SMTP server nothing is
 * sent and the notifications wait in the outbox. From {@code crosswalk.mail.from}.
 */
@Component
public class Mailer {

    /** When Crosswalk handed the e-mail to the SMTP server (ISO-8601 instant). */
    public static final String SENT_HEADER = "X-Crosswalk-Sent-At";

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;

    Mailer(ObjectProvider<JavaMailSender> sender, @Value("${crosswalk.mail.from:crosswalk@localhost}") String from) {
        this.sender = sender;
        this.from = from;
    }

    public boolean configured() {
        return sender.getIfAvailable() != null;
    }

    /** Sends one plain-text e-mail; throws what the SMTP server or the connection refused. */
    public void send(String to, String subject, String body) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new IllegalStateException("No SMTP server is configured (spring.mail.host)");
        }
        jakarta.mail.internet.MimeMessage m = mail.createMimeMessage();
        try {
            MimeMessageHelper h = new MimeMessageHelper(m, "UTF-8");
            h.setFrom(from);
            h.setTo(to);
            h.setSubject(subject);
            h.setText(body);
            h.setSentDate(new java.util.Date());
            // the moment it was handed to the SMTP server, to the millisecond (the Date header has seconds only)
            m.setHeader(SENT_HEADER, java.time.Instant.now().toString());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalArgumentException("Cannot write the e-mail to " + to + ": " + e.getMessage(), e);
        }
        mail.send(m);
    }
}
