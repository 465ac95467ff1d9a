//! A customer per profile: the demo's stories (`seed::story`) told with people no other call
//! made, in one transaction.

use shared::api::{Address, TestCard, TestCustomer, TestPerson};

use crate::AppState;
use crate::changes::address;
use crate::changes::routes::Outcome;
use crate::clock::db_date;
use crate::seed::demo::PASSWORD;
use crate::seed::seeder::{Identities, MadeCustomer, Seeder};
use crate::timeline::Actor;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    CardReplacement,
    JointAccountBereavement,
    Transfer,
    Plain,
    WithScheduledAddressChange,
}

impl Profile {
    pub const NAMES: [&str; 5] = [
        "card_replacement",
        "joint_account_bereavement",
        "transfer",
        "plain",
        "with_scheduled_address_change",
    ];
    const ALL: [Profile; 5] = [
        Profile::CardReplacement,
        Profile::JointAccountBereavement,
        Profile::Transfer,
        Profile::Plain,
        Profile::WithScheduledAddressChange,
    ];

    pub fn parse(name: &str) -> Option<Profile> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    fn name(self) -> &'static str {
        Self::NAMES[Self::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or_default()]
    }
}

/// The move a `with_scheduled_address_change` customer has planned, as the e2e suite's own.
const VIENNA_IN_DAYS: i64 = 30;

pub async fn create(
    state: &AppState,
    profile: Profile,
    dependents: usize,
    password_hash: &str,
) -> anyhow::Result<TestCustomer> {
    let tx = state.db.begin().await?;
    let now = state.clock.now();
    let ids = Identities::unique();
    let mut s = Seeder::new(tx, &state.config.secret, now, password_hash.into(), ids);
    let (customer, joint) = match profile {
        Profile::CardReplacement => (s.max(dependents).await?, None),
        Profile::JointAccountBereavement => {
            let (erika, hans) = s.erika_and_hans().await?;
            (erika, Some(hans))
        }
        Profile::Transfer => (s.lena().await?, None),
        Profile::Plain | Profile::WithScheduledAddressChange => (s.plain().await?, None),
    };
    let scheduled_change_id = match profile {
        Profile::WithScheduledAddressChange => Some(schedule_move(state, &mut s, &customer).await?),
        _ => None,
    };
    let Seeder { tx, made, .. } = s;
    tx.commit().await?;

    let person = |id: &str| {
        made.customers
            .iter()
            .find(|c| c.id == id)
            .map(test_person)
            .ok_or_else(|| anyhow::anyhow!("the story made no customer {id}"))
    };
    let (account_id, iban) = made.accounts.first().cloned().unwrap_or_default();
    Ok(TestCustomer {
        profile: profile.name().into(),
        customer: person(&customer)?,
        password: PASSWORD.into(),
        account_id,
        iban,
        joint_holder: joint.as_deref().map(person).transpose()?,
        dependents: if profile == Profile::CardReplacement {
            u32::try_from(dependents)?
        } else {
            0
        },
        scheduled_change_id,
        cards: made
            .cards
            .into_iter()
            .map(|c| TestCard {
                id: c.id,
                customer_id: c.customer_id,
                number: c.number,
                expiry: c.expiry,
                last4: c.last4,
                brand: c.brand,
                status: c.status,
            })
            .collect(),
    })
}

fn test_person(c: &MadeCustomer) -> TestPerson {
    TestPerson {
        customer_id: c.id.clone(),
        customer_number: c.number.clone(),
        name: c.name.clone(),
        login: c.email.clone(),
    }
}

/// Through the address change's own preview and commit, so the change is as a customer's:
/// its row, timeline entry and letters.
async fn schedule_move(state: &AppState, s: &mut Seeder, customer: &str) -> anyhow::Result<String> {
    let on = db_date(state.clock.now().date() + time::Duration::days(VIENNA_IN_DAYS));
    let vienna = Address {
        street: "Hafenweg 9".into(),
        postal_code: "1010".into(),
        city: "Wien".into(),
        country: "AT".into(),
        extra: None,
        region: None,
    };
    let req = address::request(state, &vienna, Some(&on), Vec::new())?;
    let (_, fingerprint) = address::plan(state, &mut s.tx, customer, &req).await?;
    let actor = Actor::customer(&mut s.tx, customer).await?;
    match address::commit(state, &mut s.tx, &actor, customer, &req, &fingerprint).await? {
        Outcome::Done(c) => Ok(c.change_id),
        Outcome::Outdated => anyhow::bail!("the new customer changed while being made"),
    }
}
