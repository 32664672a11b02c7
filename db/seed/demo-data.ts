/**
 * The fixed cast of the demo: two partners with their users, and the pool of end-customer names
 * their customers are drawn from. Passwords are demo-only and printed by `npm run demo`.
 */
export type DemoUser = { email: string; name: string; role: "admin" | "technician"; password: string };

export type DemoPartnerSpec = {
  slug: string;
  name: string;
  timeZone: string;
  /** How many customers and accounts the seed creates. */
  customers: number;
  accounts: number;
  /** Seed of the partner's pseudo-random data, so the demo looks the same every time. */
  seed: number;
  /** First vendor customer id; later ids follow with gaps, like a real vendor's. */
  firstVendorCustomerId: number;
  users: DemoUser[];
};

export const DEMO_PARTNERS: DemoPartnerSpec[] = [
  {
    slug: "northwind",
    name: "Northwind Managed IT",
    timeZone: "America/New_York",
    customers: 50,
    accounts: 500,
    seed: 20_260_101,
    firstVendorCustomerId: 34_826,
    users: [
      { email: "admin@northwind.demo", name: "Nadia Brooks", role: "admin", password: "northwind-admin-demo" },
      { email: "tech@northwind.demo", name: "Tom Reyes", role: "technician", password: "northwind-tech-demo" },
    ],
  },
  {
    slug: "contoso",
    name: "Contoso Cloud Services",
    timeZone: "Europe/London",
    customers: 15,
    accounts: 100,
    seed: 20_260_202,
    firstVendorCustomerId: 51_204,
    users: [
      { email: "admin@contoso.demo", name: "Claire Whitfield", role: "admin", password: "contoso-admin-demo" },
      { email: "tech@contoso.demo", name: "Owen Patel", role: "technician", password: "contoso-tech-demo" },
    ],
  },
];

/** [company name, e-mail domain]. The first partner takes the first names, the next the following ones. */
export const CUSTOMER_NAMES: readonly (readonly [string, string])[] = [
  ["Harbor Dental Group", "harbordental.com"],
  ["Bluebird Logistics", "bluebirdlogistics.com"],
  ["Maple Street Pediatrics", "maplestreetpeds.com"],
  ["Ironwood Construction", "ironwoodbuild.com"],
  ["Cedar Valley Credit Union", "cedarvalleycu.org"],
  ["Summit Ridge Law Partners", "summitridgelaw.com"],
  ["Greenleaf Organic Foods", "greenleaforganic.com"],
  ["Brightpath Learning Center", "brightpathlearning.org"],
  ["Keystone Accounting", "keystonecpa.com"],
  ["Pioneer Auto Parts", "pioneerautoparts.com"],
  ["Riverside Veterinary Clinic", "riversidevet.com"],
  ["Atlas Engineering", "atlas-eng.com"],
  ["Oakmont Realty", "oakmontrealty.com"],
  ["Sterling Insurance Agency", "sterlingins.com"],
  ["Lakeshore Family Medicine", "lakeshorefm.com"],
  ["Redwood Architecture Studio", "redwoodarch.com"],
  ["Coastal Marine Supply", "coastalmarinesupply.com"],
  ["Granite State Manufacturing", "granitestatemfg.com"],
  ["Willow Creek Senior Living", "willowcreekliving.org"],
  ["Evergreen Landscaping", "evergreenlandscapes.com"],
  ["Northgate Pharmacy", "northgaterx.com"],
  ["Silverline Financial Advisors", "silverlinefa.com"],
  ["Crescent City Catering", "crescentcatering.com"],
  ["Hudson & Pierce Attorneys", "hudsonpierce.law"],
  ["Prairie Wind Energy", "prairiewindenergy.com"],
  ["Beacon Hill Orthodontics", "beaconhillortho.com"],
  ["Copperfield Hotels", "copperfieldhotels.com"],
  ["Trailhead Outdoor Gear", "trailheadgear.com"],
  ["Magnolia Event Planning", "magnoliaevents.com"],
  ["Vanguard Security Services", "vanguardsecure.com"],
  ["Elmwood Public Library", "elmwoodlibrary.org"],
  ["Foxglove Florists", "foxgloveflorists.com"],
  ["Meridian Diagnostics", "meridiandx.com"],
  ["Stonebridge Property Management", "stonebridgepm.com"],
  ["Blue Harbor Seafood", "blueharborseafood.com"],
  ["Quarry Lane Brewing", "quarrylanebrewing.com"],
  ["Horizon Travel Agency", "horizontravel.co"],
  ["Tidewater Plumbing & Heating", "tidewaterplumbing.com"],
  ["Aspen Physical Therapy", "aspenpt.com"],
  ["Kingfisher Print & Design", "kingfisherprint.com"],
  ["Lighthouse Church", "lighthousechurch.org"],
  ["Orchard Hill Winery", "orchardhillwinery.com"],
  ["Sapphire Dental Lab", "sapphiredentallab.com"],
  ["Metro Courier Express", "metrocourier.com"],
  ["Wildflower Montessori", "wildflowermontessori.org"],
  ["Bayside Eye Care", "baysideeyecare.com"],
  ["Hawthorne Hardware", "hawthornehardware.com"],
  ["Juniper Creative Agency", "junipercreative.com"],
  ["Falcon Aviation Services", "falconaviation.com"],
  ["Westbrook Chamber of Commerce", "westbrookchamber.org"],
  ["Abbey Road Recruitment", "abbeyroadrecruit.co.uk"],
  ["Thames Valley Surveyors", "tvsurveyors.co.uk"],
  ["Kestrel Freight", "kestrelfreight.co.uk"],
  ["Bramley & Finch Solicitors", "bramleyfinch.co.uk"],
  ["Harrowgate Dental Practice", "harrowgatedental.co.uk"],
  ["Pennine Outdoor Centre", "pennineoutdoor.co.uk"],
  ["Camden Print Works", "camdenprintworks.co.uk"],
  ["Wessex Agricultural Supplies", "wessexagri.co.uk"],
  ["Lowther Housing Association", "lowtherhousing.org.uk"],
  ["St Albans Veterinary Group", "stalbansvets.co.uk"],
  ["Marlowe Architects", "marlowearchitects.co.uk"],
  ["Greystone Accountancy", "greystoneaccountancy.co.uk"],
  ["Seaview Holiday Parks", "seaviewparks.co.uk"],
  ["Oxbridge Tutors", "oxbridgetutors.co.uk"],
  ["Clyde Engineering", "clydeengineering.co.uk"],
];

export const FIRST_NAMES = ["James", "Maria", "Robert", "Linda", "Michael", "Sarah", "David", "Karen", "Daniel", "Emily", "Kevin", "Priya", "Luis", "Hannah", "Omar", "Grace"];
export const LAST_NAMES = ["Smith", "Garcia", "Johnson", "Nguyen", "Brown", "Miller", "Davis", "Lopez", "Wilson", "Clark", "Lewis", "Walker", "Young", "Hall", "Khan", "Evans"];
export const SERVER_ROLES = ["DC01", "FS01", "SQL01", "APP01", "RDS01", "HV01", "ERP01", "PRINT01", "WEB01", "DC02", "FS02", "SQL02", "VEEAM01", "CAD01"];
