package com.crosswalk.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The demo's SMTP server: GreenMail, in-process, on {@code 127.0.0.1:crosswalk.demo-smtp-port} (0 = any free port).
 * Crosswalk's e-mails go to it through Spring's mail support like to any SMTP server; the Mailbox page shows what it
 * received (kept in memory: a restart empties it).
 */
public final class DemoMailServer implements AutoCloseable {

    private final GreenMail greenMail;

    DemoMailServer(int port) {
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        greenMail = new GreenMail(port == 0 ? smtp.dynamicPort() : smtp);
        greenMail.start();
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    @Schema(name = "MailboxMessage")
    public record Message(List<String> to, String from, String subject, String text, OffsetDateTime receivedAt) {
    }

    /** Every message received, newest first. */
    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                Address[] to = m.getAllRecipients();
                Address[] from = m.getFrom();
                Object content = m.getContent();
                String[] sentAt = m.getHeader(com.crosswalk.notifications.Mailer.SENT_HEADER);
                java.time.Instant at = sentAt != null && sentAt.length > 0 ? java.time.Instant.parse(sentAt[0])
                        : m.getSentDate() == null ? java.time.Instant.EPOCH : m.getSentDate().toInstant();
                out.add(new Message(to == null ? List.of() : Arrays.stream(to).map(Address::toString).toList(),
                        from == null || from.length == 0 ? null : from[0].toString(), m.getSubject(),
                        content instanceof String s ? s.replace("\r\n", "\n") : String.valueOf(content),
                        at.atOffset(ZoneOffset.UTC)));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("Unreadable message in the demo mailbox", e);
            }
        }
        out.sort(java.util.Comparator.comparing(Message::receivedAt).reversed());
        return out;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
