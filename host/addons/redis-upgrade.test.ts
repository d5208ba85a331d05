import { keyPattern, keyspaceDbs, sharedUsers } from "./redis-upgrade";

const hash = (c: string) => c.repeat(64);

test("the shared server's add-on users: each name and password hash, not the default user nor the admin", () => {
    // As ACL SAVE writes the file (flags, then the hash, then keys, channels and commands).
    const acl = [
        "user default off sanitize-payload &* -@all",
        `user paas on sanitize-payload #${hash("a")} ~* &* +@all`,
        `user shop on sanitize-payload #${hash("b")} ~shop:* &shop:* +@all -@admin -@dangerous`,
        `user blog_2 on #${hash("c")} ~blog_2:* resetchannels &blog_2:* +@all -@admin -@dangerous`,
        "user nohash on nopass ~* +@all",
        "",
    ].join("\n");
    expect(sharedUsers(acl)).toEqual([{ name: "shop", hash: hash("b") }, { name: "blog_2", hash: hash("c") }]);
    expect(sharedUsers(undefined)).toEqual([]);
});

test("the databases holding keys, from INFO keyspace", () => {
    expect(keyspaceDbs("# Keyspace\r\ndb0:keys=3,expires=0,avg_ttl=0\r\ndb3:keys=1,expires=1,avg_ttl=3599\r\ndb5:keys=0,expires=0\r\n")).toEqual([0, 3]);
    expect(keyspaceDbs("# Keyspace\r\n")).toEqual([]);
});

test("the add-on's keys: those that start with its name and a colon, glob characters taken literally", () => {
    expect(keyPattern("shop")).toBe("shop:*");
    expect(keyPattern("a*b")).toBe("a\\*b:*");
});
