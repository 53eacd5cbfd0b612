// A Java caller of the Kotlin bindings (Java code on Android calls the same classes): it
// must compile with javac and run against the sandbox. Ids are `long`, so every method has
// its plain name (no `get-VKZWuLQ`); errors are checked exceptions Java can catch by type.
// Built and run by scripts/ffi-kotlin-test.sh after the Kotlin test.
import java.util.ArrayList;
import java.util.List;
import uniffi.pipedrive_ffi.ApiToken;
import uniffi.pipedrive_ffi.Client;
import uniffi.pipedrive_ffi.ClientConfig;
import uniffi.pipedrive_ffi.CreateDeal;
import uniffi.pipedrive_ffi.Deal;
import uniffi.pipedrive_ffi.DealPage;
import uniffi.pipedrive_ffi.DealPager;
import uniffi.pipedrive_ffi.Deals;
import uniffi.pipedrive_ffi.ListDeals;
import uniffi.pipedrive_ffi.PipedriveException;
import uniffi.pipedrive_ffi.UpdateDeal;

public final class JavaCaller {
    private static int failures = 0;

    private static void check(boolean ok, String what) {
        if (ok) {
            System.out.println("ok   java: " + what);
        } else {
            System.out.println("FAIL java: " + what);
            failures++;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("PIPEDRIVE_SANDBOX_URL");
        String token = System.getenv("PIPEDRIVE_SANDBOX_TOKEN");
        int seeded = Integer.parseInt(System.getenv("PIPEDRIVE_SANDBOX_DEALS"));
        // A Kotlin data class with defaults is one constructor for Java: every field, in
        // order, null for "the default".
        ClientConfig config = new ClientConfig(new ApiToken(token), null, null, null, url,
                null, null, null, 2, null, null, null, null, null);
        try (Client client = new Client(config)) {
            Deals deals = client.deals();

            Deal one = deals.get(1L);
            check(one.getId() == 1L, "get(1L) answers deal " + one.getId());

            CreateDeal create = new CreateDeal("Java deal", null, null, null, null, null, null, null, null, null, null, null, null, null, null);
            Deal made = deals.create(create);
            check(made.getTitle().equals("Java deal"), "create: " + made.getTitle());
            UpdateDeal update = new UpdateDeal(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
            update.setTitle("Java deal, renamed");
            Deal renamed = deals.update(made.getId(), update);
            check(renamed.getTitle().equals("Java deal, renamed"), "update: " + renamed.getTitle());
            check(deals.delete(made.getId()).getId() == made.getId(), "delete");

            ListDeals params = new ListDeals(null, null, null, null, null, null, null, null);
            params.setLimit(50L);
            DealPager pager = deals.listPager(params);
            List<Long> ids = new ArrayList<>();
            for (DealPage page = pager.nextPage(); page != null; page = pager.nextPage()) {
                for (Deal d : page.getItems()) {
                    ids.add(d.getId());
                }
            }
            // Earlier tests may have added deals: every seeded one is there, and none twice.
            boolean all = true;
            for (long id = 1; id <= seeded; id++) {
                all &= ids.contains(id);
            }
            check(all && new java.util.HashSet<>(ids).size() == ids.size(),
                    "pager walked " + ids.size() + " deals, the " + seeded + " seeded ones among them");

            try {
                deals.get(987654321L);
                check(false, "a missing deal throws");
            } catch (PipedriveException.NotFound e) {
                check(e.getStatus() == 404 && e.getMessage().equals(e.getDetail()),
                        "NotFound with status " + e.getStatus() + ": " + e.getMessage());
            }
            try {
                deals.get(-1L);
                check(false, "a negative id throws");
            } catch (PipedriveException.InvalidInput e) {
                check(e.getDetail().contains("must not be negative"), "InvalidInput: " + e.getDetail());
            }
        }
        if (failures > 0) {
            System.out.println(failures + " Java check(s) failed");
            System.exit(1);
        }
    }
}
