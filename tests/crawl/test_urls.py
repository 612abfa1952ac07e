"""The URL and host facts every stage shares (crawl.urls)."""

from barometre.crawl.scope import Scope
from barometre.crawl.urls import HostSet, absolute, host_of, on_hosts, own_hosts, same_site


def test_absolute_resolves_every_form_of_href():
    base = "https://www.gironde.fr/aides/apa?x=1"
    assert absolute("https://demarches.gironde.fr/", base) == "https://demarches.gironde.fr/"
    assert absolute("//cdn.gironde.fr/a.css", base) == "https://cdn.gironde.fr/a.css"
    assert absolute("/contact", base) == "https://www.gironde.fr/contact"
    assert absolute("formulaire.pdf", base) == "https://www.gironde.fr/aides/formulaire.pdf"
    assert absolute("../plan", base) == "https://www.gironde.fr/plan"
    assert absolute("?page=2", base) == "https://www.gironde.fr/aides/apa?page=2"
    assert absolute("mailto:apa@gironde.fr", base) == "mailto:apa@gironde.fr"
    assert absolute("/x", "http://127.0.0.1:8080/a/b") == "http://127.0.0.1:8080/x"


def test_host_of_drops_port_credentials_and_case():
    assert host_of("https://user:pw@Www.Gironde.FR:8443/p?q#f") == "www.gironde.fr"
    assert host_of("/relative") == "" and host_of("http://[::1") == ""


def test_own_hosts_is_the_portal_domain_and_the_hosts_given():
    own = own_hosts("https://www.valmont.fr/", ["demarches.valmont-services.fr", "teleservices.valmont.fr"])
    assert isinstance(own, HostSet)
    for host in ("www.valmont.fr", "valmont.fr", "eservices.valmont.fr", "demarches.valmont-services.fr",
                 "a.demarches.valmont-services.fr"):
        assert host in own, host
    for host in ("valmont-services.fr", "caf.fr", "notvalmont.fr", ""):
        assert host not in own, host
    assert on_hosts("https://eservices.valmont.fr/x", own) and not on_hosts("https://www.caf.fr/", own)


def test_the_crawl_scope_applies_the_same_rule():
    scope = Scope("https://www.valmont.fr/", ("demarches.valmont-services.fr",))
    own = own_hosts("https://www.valmont.fr/", ("demarches.valmont-services.fr",))
    for url in ("https://valmont.fr/a", "https://x.valmont.fr/", "https://demarches.valmont-services.fr/d",
                "https://www.caf.fr/", "https://valmont-services.fr/"):
        assert scope.owns(url) == (host_of(url) in own), url
    scope.follow_move("https://www.nouveau-valmont.fr/")  # a stale portal URL moved
    assert scope.owns("https://actus.nouveau-valmont.fr/")


def test_same_site_needs_one_registrable_domain():
    assert same_site("www.gironde.fr", "demarches.gironde.fr")
    assert not same_site("www.impots.gouv.fr", "www.service-public.gouv.fr")  # gouv.fr is a public suffix
    assert not same_site("www.gironde.fr", "") and not same_site("www.gironde.fr", "www.landes.fr")
