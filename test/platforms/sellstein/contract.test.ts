import { describePlatformContract } from "../contract-suite";
import { sellsteinHarness } from "./harness";

describePlatformContract(sellsteinHarness);
