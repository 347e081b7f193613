from safeguarding.organisations.demo.loader import load_demo_county
from safeguarding.reviews.demo import load_demo
from safeguarding.reviews.models import Review


def test_the_demo_reviews_load_once_with_the_seeds_reviews(db):
    load_demo_county()
    assert load_demo() == 10
    assert load_demo() == 0
    tameside = Review.objects.get(led_elsewhere=True)
    assert tameside.lead_area == "Tameside"
    assert tameside.agencies.count() == 3
    assert (
        Review.objects.filter(kind="scr", led_elsewhere=False)
        .exclude(published_on__isnull=False)
        .count()
        == 3
    )
    assert Review.objects.filter(kind="sar").count() == 2
    assert Review.objects.filter(decision="converted").exists()
    published = Review.objects.filter(published_on__isnull=False)
    assert published.count() == 2
    assert all(review.briefs.exists() for review in published)
