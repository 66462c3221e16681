import { describePlatformContract } from "../contract-suite";
import { sellvyHarness } from "./harness";

describePlatformContract(sellvyHarness);
