// The account's events (what long-running actions report, and what the provider polls with
// X-Filter) and the token's profile.
import { id, list, notFound, Route, route } from "./api";
import { State, username } from "./state";

export const accountRoutes = (state: State): Route[] => [
    route("GET", "/account/events", req => {
        const page = list(state.events, req);
        state.observe({ events: page.data });
        return page;
    }),
    route("GET", "/account/events/:id", req => {
        const event = state.events.find(e => e.id === id(req));
        if (!event) throw notFound();
        state.observe({ events: [event] });
        return event;
    }),
    route("POST", "/account/events/:id/seen", req => {
        const eventId = id(req);
        if (!state.events.some(e => e.id === eventId)) throw notFound();
        for (const e of state.events) if (e.id <= eventId) e.seen = true;
        return {};
    }),
    route("GET", "/profile", () => ({
        uid: 1, username, email: "ops@example.com", timezone: "UTC", email_notifications: true, restricted: false,
        ip_whitelist_enabled: false, lish_auth_method: "keys_only", authorized_keys: null, two_factor_auth: false,
        user_type: "default", verified_phone_number: null,
        referrals: { code: "", url: "", total: 0, completed: 0, pending: 0, credit: 0 },
    })),
];
