import type { Storage } from '../../bot/storage/ports';
import { breaksContract } from './contract-breaks';
import { checkInsContract } from './contract-check-ins';
import { coffeeContract } from './contract-coffee';
import { daysContract } from './contract-days';
import { privacyContract } from './contract-privacy';
import { pulseContract } from './contract-pulse';

/** A fresh, empty store of one driver. Several instances may be opened on it, as several servers would. */
export type StoreUnderTest = {
  open(): Promise<Storage>;
  /** Every row of every table, as text. */
  dump(): Promise<string>;
  /** Removes what the store left behind (files, tables). */
  destroy(): Promise<void>;
};

/** What each part of the contract works with; `storage` and `store` are fresh for every test. */
export type Contract = {
  driver: string;
  readonly storage: Storage;
  readonly store: StoreUnderTest;
  /** Another server sharing the same store. */
  instance(): Promise<Storage>;
  instances(count: number): Promise<Storage[]>;
};

/**
 * The storage contract: what every driver must do, as the app relies on it. Run by one test file
 * per driver (tests/contract/*.test.ts), so both drivers are held to exactly the same sentences.
 * Its parts live in contract-*.ts, one per role.
 */
export function storageContract(driver: string, fresh: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest;
  let opened: Storage[] = [];
  let storage: Storage;

  /** Another server sharing the same store. */
  const instance = async () => {
    const s = await store.open();
    opened.push(s);
    return s;
  };
  const instances = (count: number) => Promise.all(Array.from({ length: count }, instance));

  beforeEach(async () => {
    store = await fresh();
    opened = [];
    storage = await instance();
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await store.destroy();
  });

  const contract: Contract = {
    driver,
    get storage() {
      return storage;
    },
    get store() {
      return store;
    },
    instance,
    instances,
  };
  checkInsContract(contract);
  coffeeContract(contract);
  breaksContract(contract);
  daysContract(contract);
  pulseContract(contract);
  privacyContract(contract);
}
