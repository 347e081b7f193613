import factory
from django.utils.text import slugify

from safeguarding.organisations.models import Agency, AgencyEmailDomain, Person, RoleAssignment


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner Agency {n}")
    slug = factory.LazyAttribute(lambda agency: slugify(agency.name))
    sector = Agency.Sector.HEALTH


class AgencyEmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyEmailDomain

    agency = factory.SubFactory(AgencyFactory)
    domain = factory.Sequence(lambda n: f"agency{n}.example")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@agency.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    job_title = "Social worker"
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(person, create, extracted, **kwargs):
        if create:
            person.save()
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=person, email=person.email, defaults={"verified": True, "primary": True}
            )


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = "practitioner"
