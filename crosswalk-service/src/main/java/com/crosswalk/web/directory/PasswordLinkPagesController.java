package com.crosswalk.web.directory;

import com.crosswalk.people.PasswordLinks;
import com.crosswalk.people.PasswordLinks.LinkHolder;
import com.crosswalk.people.PasswordLinks.LinkState;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The page a one-time password link opens (no sign-in: the link is the proof). It says in plain words when the link
 * is used, expired, replaced, unknown or its account deactivated (410 Gone / 404); otherwise it asks for the new
 * password twice and, once set, sends the person to sign in.
 */
@Controller
class PasswordLinkPagesController {

    private final PasswordLinks links;

    PasswordLinkPagesController(PasswordLinks links) {
        this.links = links;
    }

    /** The set-password form as typed. */
    public record PasswordForm(String password, String confirm) {
    }

    @GetMapping(PasswordLinks.PATH + "{token}")
    String open(@PathVariable String token, Model model, HttpServletResponse response) {
        LinkHolder holder = links.look(token);
        return page(token, holder, null, model, response);
    }

    @PostMapping(PasswordLinks.PATH + "{token}")
    String set(@PathVariable String token, @ModelAttribute PasswordForm form, BindingResult binding, Model model,
            HttpServletResponse response) {
        LinkHolder holder = links.look(token);
        if (holder.state() != LinkState.OPEN) {
            return page(token, holder, null, model, response);
        }
        String password = form.password() == null ? "" : form.password();
        if (password.length() < 8 || password.length() > 200) {
            return page(token, holder, "The password must be 8 to 200 characters.", model, response);
        }
        if (!password.equals(form.confirm())) {
            return page(token, holder, "The two passwords are not the same: type the same password twice.", model,
                    response);
        }
        LinkState result = links.use(token, password);
        if (result != LinkState.OPEN) {
            return page(token, new LinkHolder(result, holder.login(), holder.name(), holder.purpose()), null, model,
                    response);
        }
        return "redirect:/login?password_set";
    }

    private static String page(String token, LinkHolder holder, String error, Model model,
            HttpServletResponse response) {
        if (holder.state() != LinkState.OPEN) {
            response.setStatus(holder.state() == LinkState.UNKNOWN ? 404 : 410);
        } else if (error != null) {
            response.setStatus(400);
        }
        model.addAttribute("holder", holder);
        model.addAttribute("refusal", holder.state().message);
        model.addAttribute("token", token);
        model.addAttribute("error", error);
        return "directory/password-link";
    }
}
