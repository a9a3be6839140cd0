@uc:eumed @edition:2024 @role:MDM
Feature: EUMED metering messages: load curve, max power and index (IEC 61968-9:2024 Annexes K, L, M)
  The MDM gives a market party the metering data of a metering point in the EUMED MeterReadingSet
  payload: the load curve (M.2), the maximum power (M.3) and the index (M.4), either as the answer to a
  get(MeterReadingSet) or published as created(MeterReadingSet) (UC-35). Only the table of contents of the
  annexes is public: the structure is the proposal of eumed.md §3 (fixtures/schemas/2024/eumed) and every
  uncertain point is an assumption — the namespace (EUM-01, must be configured), element names (EUM-02,
  EUM-04), quality codes (EUM-05), ReadingTypes per message (EUM-13), timestamps (EUM-12, EUM-14) and the
  market time zone (CIM9-40, default Europe/Amsterdam). Rules: docs/eumed.md.

  Background:
    Given the EUMED profile is configured

  @usecase:EU-01 @pattern:P5
  @clause:2024:M.2 @req:EUM-LC.1
  Scenario: The market party reads yesterday's load curve of a metering point
    Given a metering point served by the MDM
    When the market party requests the "load curve" of the metering point for yesterday
    Then the reply is valid against the EUMED schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries the "load curve" of the metering point for the requested period

  @usecase:EU-01 @pattern:P5
  @clause:2024:M.2 @req:EUM-LC.2
  Scenario Outline: The load curve of a local day with a DST change has <count> quarter hours
    Given a metering point served by the MDM
    When the market party requests the "load curve" of the metering point for the last <hours>-hour day
    Then the reply is valid against the EUMED schemas
    And the reply has Result "OK"
    And the reply carries the "load curve" of the metering point for the requested period
    And the load curve has <count> intervals

    Examples:
      | hours | count |
      | 23    | 92    |
      | 25    | 100   |

  @usecase:EU-01 @pattern:P5 @meters:2
  @clause:2024:M.2 @clause:2024:K.3.8 @req:EUM-LC.3
  Scenario: Intervals the head-end never delivered come back flagged as estimated or missing
    Given another metering point served by the MDM
    And the head-end has delivered the load curve of the metering point for yesterday to the MDM without 4 intervals
    When the market party requests the "load curve" of the metering point for yesterday
    Then the reply is valid against the EUMED schemas
    And the reply has Result "OK"
    And the reply carries the "load curve" of the metering point for the requested period

  @usecase:EU-02 @pattern:P5
  @clause:2024:M.3 @req:EUM-MP.1
  Scenario: The market party reads yesterday's maximum power, consistent with the load curve
    Given a metering point served by the MDM
    When the market party requests the "max power" of the metering point for yesterday
    Then the reply is valid against the EUMED schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries the "max power" of the metering point for the requested period
    And the maximum is not below the average power of any interval of the load curve of the same period

  @usecase:EU-03 @pattern:P5
  @clause:2024:M.4 @req:EUM-IX.1
  Scenario: The market party reads the index of the last 7 days, consistent with the load curve
    Given a metering point served by the MDM
    When the market party requests the "index" of the metering point for the last 7 days
    Then the reply is valid against the EUMED schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries the "index" of the metering point for the requested period
    And the index advance over the last day equals the energy of the load curve of that day

  @usecase:EU-01 @usecase:EU-02 @usecase:EU-03 @pattern:P2
  @clause:2024:M.1 @req:EUM-PUB.1 @cap:publication
  Scenario Outline: The MDM publishes the <message> of a metering point
    Given a metering point served by the MDM
    When the MDM is made to publish the "<message>" of the metering point for <period>
    And the market party waits for the published MeterReadingSet
    Then the message is valid against the EUMED schemas
    And the message header is conformant
    And it carries the "<message>" of the metering point for the requested period
    And the "<message>" agrees with the load curve of the same period

    Examples:
      | message    | period          |
      | load curve | yesterday       |
      | max power  | yesterday       |
      | index      | the last 7 days |

  @usecase:EU-01 @usecase:EU-02 @usecase:EU-03 @pattern:P5
  @clause:2024:AnnexB @req:EUM-NEG.1
  Scenario: A request for a metering point unknown to the MDM is refused
    Given a metering point unknown to the MDM
    When the market party requests the "load curve" of the metering point for yesterday
    Then the reply is valid against the EUMED schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownUsagePoint"

  @usecase:EU-01 @usecase:EU-02 @usecase:EU-03 @pattern:P5
  @clause:2024:AnnexB @req:EUM-NEG.2
  Scenario: A request for a ReadingType outside the EUMED messages is refused
    Given a metering point served by the MDM
    When the market party requests ReadingType "0.0.2.4.1.7.58.0.0.0.0.0.0.0.0.0.42.0" of the metering point for yesterday
    Then the reply is valid against the EUMED schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unsupportedReadingType"
