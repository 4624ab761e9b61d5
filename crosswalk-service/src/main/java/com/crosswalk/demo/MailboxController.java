package com.crosswalk.demo;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo mailbox as JSON: every e-mail the demo's SMTP server received, newest first (any signed-in user; it is a
 * demo). 404 outside demo mode.
 */
@RestController
class MailboxController {

    private final ObjectProvider<DemoMailServer> server;

    MailboxController(ObjectProvider<DemoMailServer> server) {
        this.server = server;
    }

    @Schema(name = "Mailbox")
    record Mailbox(List<DemoMailServer.Message> messages) {
    }

    @GetMapping("/rest/v1.0/demo/mailbox")
    Mailbox mailbox(@AuthenticationPrincipal SignedInUser user) {
        DemoMailServer s = server.getIfAvailable();
        if (s == null) {
            throw new NotFoundException("The mailbox exists only in demo mode");
        }
        return new Mailbox(s.messages());
    }
}
