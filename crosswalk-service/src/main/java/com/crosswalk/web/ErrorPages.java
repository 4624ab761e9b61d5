package com.crosswalk.web;

import com.crosswalk.shared.ApiMessage;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the container's error dispatch shows (an error no controller answered: a filter's, a missing page, a
 * rejected address): the API's {"message": ...} for API requests and clients that want JSON, the error page for a
 * browser. The status's own words only — never an exception's message (server.error.include-message is off).
 */
@Controller
class ErrorPages implements ErrorController {

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 500;
        HttpStatus resolved = HttpStatus.resolve(status);
        String message = switch (status) {
            case 400 -> "The request is not valid";
            case 401 -> "Sign in required";
            case 403 -> "You may not do this";
            case 404 -> "Not found";
            case 405 -> "This method is not allowed here";
            case 406 -> "This API answers JSON only: send Accept: application/json";
            case 413 -> "The request is too large";
            case 415 -> "Send JSON (Content-Type: application/json)";
            default -> status >= 500 ? "Something went wrong on our side; nothing was changed"
                    : resolved != null ? resolved.getReasonPhrase() : "The request was refused";
        };
        if (RequestInputFilter.wantsJson(request)) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiMessage(message));
        }
        ModelAndView page = new ModelAndView("error-page");
        page.setStatus(resolved != null ? resolved : HttpStatus.INTERNAL_SERVER_ERROR);
        page.addObject("status", status);
        page.addObject("message", message + ".");
        return page;
    }
}
